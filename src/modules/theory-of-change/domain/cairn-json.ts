/**
 * Cairn's own file for a theory of change, lossless: the theory, and each version with its stages,
 * steps (keys, positions, questions), links (rationale, interventions, assumptions), its mappings to
 * codes and indicators, and its change note. Reading it back gives the same data; writing that again
 * gives the same bytes.
 */
import { z } from 'zod';
import { ASSUMPTION_KINDS, type ModelProblem, type TheoryModel } from './model.js';

export const CAIRN_TOC_FORMAT = 'cairn.theory-of-change';

export type Mapping =
  | { node: string; kind: 'code'; evaluation: string; family: string; code: string }
  | { node: string; kind: 'indicator'; indicator: string };

export interface VersionFile {
  name: string;
  status: 'draft' | 'published';
  changeNote: string;
  publishedAt: string | null;
  model: TheoryModel;
  mappings: Mapping[];
}

export interface TheoryFile {
  format: typeof CAIRN_TOC_FORMAT;
  formatVersion: 1;
  theory: { name: string; level: 'programme' | 'place'; place: string | null; description: string };
  versions: VersionFile[];
}

const str = z.string();
const model = z.object({
  stages: z.array(z.object({ key: str.min(1), label: str })),
  nodes: z.array(
    z.object({
      key: str.min(1),
      label: str,
      stage: str,
      description: str.default(''),
      questions: z.array(str).default([]),
      position: z.object({ x: z.number().finite(), y: z.number().finite() }).nullable().default(null),
    }),
  ),
  links: z.array(
    z.object({
      key: str.min(1),
      from: str,
      to: str,
      rationale: str.default(''),
      interventions: z.array(str).default([]),
      assumptions: z.array(z.object({ text: str, kind: z.enum(ASSUMPTION_KINDS) })).default([]),
    }),
  ),
});
const mapping = z.discriminatedUnion('kind', [
  z.object({ node: str, kind: z.literal('code'), evaluation: str, family: str, code: str }),
  z.object({ node: str, kind: z.literal('indicator'), indicator: str }),
]);
const file = z.object({
  format: z.literal(CAIRN_TOC_FORMAT),
  formatVersion: z.literal(1),
  theory: z.object({
    name: str.min(1),
    level: z.enum(['programme', 'place']),
    place: str.nullable().default(null),
    description: str.default(''),
  }),
  versions: z
    .array(
      z.object({
        name: str.min(1),
        status: z.enum(['draft', 'published']),
        changeNote: str.default(''),
        publishedAt: str.nullable().default(null),
        model,
        mappings: z.array(mapping).default([]),
      }),
    )
    .min(1),
});

export function isCairnTheoryFile(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { format?: unknown }).format === CAIRN_TOC_FORMAT;
}

/** The file's data, or every problem with it, each at its path ("versions.0.model.nodes.2.stage"). */
export function readCairnTheory(data: unknown): { file: TheoryFile; problems: [] } | { file: null; problems: ModelProblem[] } {
  const parsed = file.safeParse(data);
  if (parsed.success) return { file: parsed.data as TheoryFile, problems: [] };
  return {
    file: null,
    problems: parsed.error.issues.map((i) => ({
      path: i.path.join('.'),
      message: i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message,
    })),
  };
}

/** The file as text: two-space JSON, keys in one order, a newline at the end. */
export function writeCairnTheory(theory: TheoryFile): string {
  const ordered: TheoryFile = {
    format: CAIRN_TOC_FORMAT,
    formatVersion: 1,
    theory: { name: theory.theory.name, level: theory.theory.level, place: theory.theory.place, description: theory.theory.description },
    versions: theory.versions.map((v) => ({
      name: v.name,
      status: v.status,
      changeNote: v.changeNote,
      publishedAt: v.publishedAt,
      model: {
        stages: v.model.stages.map((s) => ({ key: s.key, label: s.label })),
        nodes: v.model.nodes.map((n) => ({
          key: n.key,
          label: n.label,
          stage: n.stage,
          description: n.description,
          questions: [...n.questions],
          position: n.position ? { x: n.position.x, y: n.position.y } : null,
        })),
        links: v.model.links.map((l) => ({
          key: l.key,
          from: l.from,
          to: l.to,
          rationale: l.rationale,
          interventions: [...l.interventions],
          assumptions: l.assumptions.map((a) => ({ text: a.text, kind: a.kind })),
        })),
      },
      mappings: v.mappings.map((m) =>
        m.kind === 'code'
          ? { node: m.node, kind: 'code' as const, evaluation: m.evaluation, family: m.family, code: m.code }
          : { node: m.node, kind: 'indicator' as const, indicator: m.indicator },
      ),
    })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
