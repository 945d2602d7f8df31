/**
 * The exchange's results as a file: CSV (a line per case study, best first; columns starting rank,title)
 * and Word (a heading per case study with its five answers). Neither carries the contact: files travel
 * further than the screen they were downloaded on, so whoever needs it asks in Cairn.
 */
import { csvOf } from '../../../spreadsheet/write.js';
import { CASE_STUDY_QUESTIONS } from '../domain/vocab.js';
import type { ExchangeResult } from './service.js';

export const EXCHANGE_CSV_COLUMNS = [
  'rank',
  'title',
  'score',
  'themes',
  'standards',
  'place',
  'nation',
  'organisation',
  'organisation_type',
  'partnership',
  'published_on',
  'problem',
  'what_we_did',
  'what_helped',
  'barriers',
  'learning',
] as const;

/** CSV of search results in their order; `rank` is the position (1 = best), `score` the ts_rank figure. */
export function exchangeCsv(result: ExchangeResult): string {
  return csvOf([
    [...EXCHANGE_CSV_COLUMNS],
    ...result.rows.map(({ position, score, caseStudy: c }) => [
      position,
      c.title,
      Number(score.toFixed(6)),
      c.themes.join('; '),
      c.standards.join('; '),
      c.place?.name ?? '',
      c.place?.nation ?? '',
      c.organisation.name,
      c.organisation.type ?? '',
      c.partnership?.name ?? '',
      c.publishedAt?.slice(0, 10) ?? '',
      c.problem,
      c.whatWeDid,
      c.whatHelped,
      c.barriers,
      c.learning,
    ]),
  ]);
}

/** The results as a Word document: a title, what was searched for, then each case study. */
export async function exchangeDocx(result: ExchangeResult, heading: { programme: string; searched: string }): Promise<Buffer> {
  const { Document, HeadingLevel, Packer, Paragraph, TextRun } = await import('docx');
  const children = [
    new Paragraph({ text: `Case studies – ${heading.programme}`, heading: HeadingLevel.TITLE }),
    new Paragraph({ text: heading.searched }),
  ];
  for (const { position, caseStudy: c } of result.rows) {
    children.push(new Paragraph({ text: `${position}. ${c.title}`, heading: HeadingLevel.HEADING_1 }));
    const facts = [
      c.organisation.name && `Organisation: ${c.organisation.name}`,
      c.place && `Place: ${c.place.name}${c.place.nation ? ` (${c.place.nation})` : ''}`,
      c.themes.length && `Themes: ${c.themes.join(', ')}`,
      c.standards.length && `National Standards: ${c.standards.join(', ')}`,
    ].filter((f): f is string => typeof f === 'string' && f !== '');
    for (const f of facts) children.push(new Paragraph({ children: [new TextRun({ text: f, italics: true })] }));
    for (const { field, question } of CASE_STUDY_QUESTIONS) {
      const answer = c[field];
      if (!answer) continue;
      children.push(new Paragraph({ text: question, heading: HeadingLevel.HEADING_2 }));
      for (const para of answer.split(/\n+/)) children.push(new Paragraph({ text: para }));
    }
  }
  const doc = new Document({ creator: 'Cairn', title: `Case studies – ${heading.programme}`, sections: [{ children }] });
  return Packer.toBuffer(doc);
}
