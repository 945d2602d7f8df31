/**
 * Figures C.1–C.19 as one Word document, from a figure set already counted and drawn as SVG
 * (figures.ts). Pure: no database, no HTTP, so it runs on a worker thread (src/workers/tasks.ts),
 * where turning nineteen SVGs into PNGs and packing the document cannot hold up anyone's request.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { svgToPng } from '../../../charts/draw.js';
import { CHART_FONT } from '../../../charts/style.js';
import { suppressionWords } from '../domain/disclosure.js';
import type { FigureSet, SkippedFigure } from './figure-set.js';

/** The picture's size in CSS pixels, from the SVG's own width and height. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = svg.slice(svg.indexOf('<svg'), svg.indexOf('>', svg.indexOf('<svg')));
  const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1]);
  if (!width || !height) throw new Error('The chart has no size');
  return { width, height };
}

/** "C.1–C.3" for consecutive skipped figures, so the report's list stays short. */
function ranges(ids: string[]): string {
  const nums = ids.map((id) => Number(id.replace(/^C\./, '')));
  const out: string[] = [];
  for (let i = 0; i < nums.length; i++) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    out.push(j > i ? `C.${nums[i]}–C.${nums[j]}` : `C.${nums[i]}`);
    i = j;
  }
  return out.join(', ');
}

/** Skipped figures grouped by reason: "C.1–C.3: Self-identified outcomes has no codes in this evaluation yet". */
export function skippedLines(skipped: readonly SkippedFigure[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const s of skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.definition.id]);
  return [...byReason].map(([reason, ids]) => `${ranges(ids)}: ${reason}`);
}

const longDate = (d: Date) => d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/** Word measures pictures in pixels at 96 a inch; an A4 page with 2.5 cm margins leaves about 6.3 inches. */
const PAGE_WIDTH_PX = 600;

const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: '505A5F' };
const cell = (text: string, opts: { bold?: boolean; right?: boolean } = {}) =>
  new TableCell({
    borders: { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder },
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    children: [
      new Paragraph({
        alignment: opts.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [new TextRun({ text, bold: opts.bold ?? false })],
      }),
    ],
  });

/**
 * The set as one Word document: a title page (the evaluation, the date, who is counted, what was left
 * out and why), then each figure with its caption, the chart, and a table of N per group.
 */
export async function buildFiguresDocx(set: FigureSet, date: Date): Promise<Buffer> {
  const threshold = set.evaluation.disclosureThreshold;
  const intro: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(`Figures C.1–C.19: ${set.evaluation.title}`)] }),
    new Paragraph({ children: [new TextRun({ text: set.programme.name, bold: true })] }),
    new Paragraph({ children: [new TextRun(`Prepared by Cairn on ${longDate(date)}.`)] }),
    ...(set.evaluation.description.trim() ? [new Paragraph({ children: [new TextRun(set.evaluation.description.trim())] })] : []),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Who is counted')] }),
    new Paragraph({
      children: [
        new TextRun(
          (set.drawn.some((d) => d.chart.everyoneAsked === false)
            ? `The respondents whose consent was given on ${longDate(date)} and who were asked the figure’s question: not every question was asked of everyone, so each figure counts its own respondents, and its table of N gives them. Respondents not asked a question are not counted as not mentioning it. `
            : set.counted === null
              ? `The respondents whose consent was given on ${longDate(date)}: fewer than ${threshold}, so their number is not shown. `
              : `The ${set.counted} respondent${set.counted === 1 ? '' : 's'} whose consent was given on ${longDate(date)}. `) +
            'Anyone who has withdrawn their consent is left out of every figure. ' +
            'Each respondent could identify several codes. A respondent whose project has several themes counts once in each theme.',
        ),
      ],
    }),
    new Paragraph({
      children: [
        new TextRun(
          set.includeSmallGroups
            ? `Groups of fewer than ${threshold} respondents are shown, at the evaluator’s choice: people in them could be recognised, so check before publishing.`
            : `Groups of fewer than ${threshold} respondents are suppressed, so that nobody in them can be recognised, and so is the next smallest group wherever the totals would otherwise give a suppressed one back. A suppressed group is marked “suppressed” (not zero) and its size is not given; each figure says which groups were suppressed.`,
        ),
      ],
    }),
  ];
  if (set.skipped.length) {
    intro.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Figures not included')] }));
    for (const line of skippedLines(set.skipped)) intro.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(line)] }));
  }

  const body: (Paragraph | Table)[] = [];
  for (const { chart, svg } of set.drawn) {
    const size = svgSize(svg);
    const scale = Math.min(1, PAGE_WIDTH_PX / size.width);
    body.push(
      new Paragraph({ children: [new PageBreak()] }),
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(chart.title)] }),
      new Paragraph({
        children: [
          new ImageRun({
            type: 'png',
            data: svgToPng(svg),
            transformation: { width: Math.round(size.width * scale), height: Math.round(size.height * scale) },
            altText: { name: chart.title, title: chart.title, description: chart.description },
          }),
        ],
      }),
      new Paragraph({
        spacing: { before: 200 },
        children: [new TextRun({ text: `Respondents in each group, ${chart.caption}`, bold: true })],
      }),
      new Table({
        width: { size: 60, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({
            tableHeader: true,
            children: [cell('Group', { bold: true }), cell('N', { bold: true, right: true }), cell('Shown', { bold: true })],
          }),
          ...chart.groups.map(
            (g) =>
              new TableRow({
                children: [
                  cell(chart.by ? g.group : 'All respondents'),
                  cell(g.nGroup === null ? 'suppressed' : String(g.nGroup), { right: true }),
                  cell(
                    g.shown
                      ? g.small
                        ? 'Yes, under the threshold'
                        : 'Yes'
                      : `No, suppressed: ${suppressionWords(g.reason ?? 'small group', threshold)}`,
                  ),
                ],
              }),
          ),
        ],
      }),
      ...chart.notes.map((n) => new Paragraph({ spacing: { before: 120 }, children: [new TextRun({ text: n, italics: true })] })),
    );
  }
  if (!set.drawn.length)
    body.push(new Paragraph({ children: [new TextRun('No figure could be drawn: see “Figures not included” above.')] }));

  const doc = new Document({
    creator: 'Cairn',
    title: `Figures C.1–C.19: ${set.evaluation.title}`,
    description: `Figures of ${set.evaluation.title} (${set.programme.name}), ${longDate(date)}`,
    styles: { default: { document: { run: { font: CHART_FONT, size: 22 } } } },
    sections: [{ children: [...intro, ...body] }],
  });
  return Packer.toBuffer(doc);
}
