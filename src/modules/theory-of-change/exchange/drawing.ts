/**
 * A theory of change drawn as SVG on the server (downloads, the CLI's export, print): ELK's layered
 * layout, left to right, each stage a partition of its own so stages read as columns in order; stage
 * names over their columns; links coloured by class when a validation is given (with a key, and the
 * respondents at both ends and the lift beside each tested link). DejaVu Sans, as the charts, so the
 * PNG (resvg) looks the same on every server. Plain data in, a string out.
 */
import ElkBundled from 'elkjs/lib/elk.bundled.js';
import type { ELK as ElkApi, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { dejaVuWidths } from '../../../charts/font.js';
import { CHART_FONT_STACK, COLOURS, wrapText } from '../../../charts/style.js';
import type { TheoryModel } from '../domain/model.js';
import type { LinkClass } from '../domain/validation.js';

export interface LinkMark {
  status: LinkClass;
  respondentsBoth: number | null;
  lift: number | null;
}

export interface DrawingInput {
  title: string;
  model: TheoryModel;
  /** By link key, from a validation: colours, counts and a key. */
  links?: Record<string, LinkMark> | undefined;
}

/** Each class's colour (at least 3:1 on white) and dash, so the class does not rest on colour alone. */
export const CLASS_STYLE: Record<LinkClass, { colour: string; dash: string; words: string }> = {
  supported: { colour: '#00703c', dash: '', words: 'Supported' },
  weak: { colour: '#b35900', dash: '6 4', words: 'Weak' },
  contradicted: { colour: '#d4351c', dash: '2 3', words: 'Contradicted' },
  untested: { colour: '#505a5f', dash: '10 4 2 4', words: 'Untested' },
};

const FONT = 12;
const LINE = 16;
const PAD = 10;
const NODE_WIDTH = 190;
const HEAD = 40;
// elkjs is CommonJS: its default export arrives as the module under Node's ESM.
const ELK = ((ElkBundled as unknown as { default?: unknown }).default ?? ElkBundled) as new () => ElkApi;
const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function drawTheory(input: DrawingInput): Promise<string> {
  const { model } = input;
  const stageAt = new Map(model.stages.map((s, i) => [s.key, i]));
  const lines = new Map(model.nodes.map((n) => [n.key, wrapText(n.label, 26).slice(0, 6)]));
  const elk = new ELK();
  const graph: ElkNode = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.partitioning.activate': 'true',
      'elk.edgeRouting': 'POLYLINE',
      'elk.spacing.nodeNode': '24',
      'elk.layered.spacing.nodeNodeBetweenLayers': '100',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: model.nodes.map((n) => ({
      id: n.key,
      width: NODE_WIDTH,
      height: lines.get(n.key)!.length * LINE + 2 * PAD,
      layoutOptions: { 'elk.partitioning.partition': String(stageAt.get(n.stage) ?? 0) },
    })),
    edges: model.links.map((l) => ({ id: l.key, sources: [l.from], targets: [l.to] })),
  });
  const placed = new Map<string, ElkNode>((graph.children ?? []).map((c: ElkNode) => [c.id, c]));
  const legend = input.links ? 30 : 0;
  const width = Math.max(320, (graph.width ?? 0) + 24);
  const height = (graph.height ?? 0) + HEAD + legend + 24;
  const dx = 12;
  const dy = HEAD + 12;
  const out: string[] = [];
  const description = `${model.stages.length} stages, ${model.nodes.length} steps and ${model.links.length} links, drawn left to right by stage.`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="toc-title toc-desc" font-family="${CHART_FONT_STACK}" font-size="${FONT}">`,
    `<title id="toc-title">${esc(input.title)}</title><desc id="toc-desc">${esc(description)}</desc>`,
    `<rect width="${width}" height="${height}" fill="${COLOURS.background}"/>`,
    '<defs>',
    ...(['none', ...Object.keys(CLASS_STYLE)] as const).map((k) => {
      const colour = k === 'none' ? COLOURS.text : CLASS_STYLE[k as LinkClass].colour;
      return `<marker id="arrow-${k}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="${colour}"/></marker>`;
    }),
    '</defs>',
  );
  // Stage names over the columns their steps sit in.
  for (const s of model.stages) {
    const xs = model.nodes.filter((n) => n.stage === s.key).map((n) => placed.get(n.key)!);
    if (!xs.length) continue;
    const left = Math.min(...xs.map((c) => c.x ?? 0)) + dx;
    const right = Math.max(...xs.map((c) => (c.x ?? 0) + (c.width ?? 0))) + dx;
    const words = wrapText(s.label, 24).slice(0, 2);
    words.forEach((w, i) => {
      out.push(
        `<text x="${(left + right) / 2}" y="${14 + i * LINE}" text-anchor="middle" font-weight="bold" fill="${COLOURS.text}">${esc(w)}</text>`,
      );
    });
  }
  for (const e of (graph.edges ?? []) as ElkExtendedEdge[]) {
    const mark = input.links?.[e.id];
    const style = mark ? CLASS_STYLE[mark.status] : null;
    for (const sec of e.sections ?? []) {
      const pts = [sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint].map((p) => `${p.x + dx},${p.y + dy}`).join(' ');
      out.push(
        `<polyline points="${pts}" fill="none" stroke="${style?.colour ?? COLOURS.text}" stroke-width="${style ? 2.5 : 1.5}"${style?.dash ? ` stroke-dasharray="${style.dash}"` : ''} marker-end="url(#arrow-${mark?.status ?? 'none'})"/>`,
      );
      if (mark && mark.status !== 'untested' && mark.respondentsBoth !== null) {
        const mid = sec.bendPoints?.length
          ? sec.bendPoints[Math.floor(sec.bendPoints.length / 2)]!
          : {
              x: (sec.startPoint.x + sec.endPoint.x) / 2,
              y: (sec.startPoint.y + sec.endPoint.y) / 2,
            };
        const text = `${mark.respondentsBoth}${mark.lift !== null ? ` · ${mark.lift.toFixed(2)}×` : ''}`;
        const w = dejaVuWidths().regular.width(text, 10) + 6;
        out.push(
          `<rect x="${mid.x + dx - w / 2}" y="${mid.y + dy - 8}" width="${w}" height="14" fill="${COLOURS.background}"/>`,
          `<text x="${mid.x + dx}" y="${mid.y + dy + 3}" text-anchor="middle" font-size="10" fill="${style!.colour}">${esc(text)}</text>`,
        );
      }
    }
  }
  for (const n of model.nodes) {
    const c = placed.get(n.key)!;
    const x = (c.x ?? 0) + dx;
    const y = (c.y ?? 0) + dy;
    out.push(
      `<rect x="${x}" y="${y}" width="${c.width}" height="${c.height}" rx="6" fill="#f3f2f1" stroke="${COLOURS.text}" stroke-width="1.5"/>`,
    );
    lines.get(n.key)!.forEach((l, i) => {
      out.push(`<text x="${x + PAD}" y="${y + PAD + 12 + i * LINE}" fill="${COLOURS.text}">${esc(l)}</text>`);
    });
  }
  if (input.links) {
    let x = 12;
    const y = height - 16;
    for (const st of Object.values(CLASS_STYLE)) {
      out.push(
        `<line x1="${x}" y1="${y - 4}" x2="${x + 30}" y2="${y - 4}" stroke="${st.colour}" stroke-width="2.5"${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}/>`,
        `<text x="${x + 36}" y="${y}" fill="${COLOURS.text}">${esc(st.words)}</text>`,
      );
      x += 46 + dejaVuWidths().regular.width(st.words, FONT) + 16;
    }
    out.push(`<text x="${x}" y="${y}" fill="${COLOURS.quietText}">n · lift: respondents at both ends, and lift</text>`);
  }
  out.push('</svg>');
  return out.join('\n');
}
