// The theory-of-change API as the drawing and the outline use it: one version's model, saving a draft,
// the test of its links against an evaluation, and the addresses of its downloads and drill-downs.
import { api, get } from '../../api/index.js';
import type { components, operations } from '../../api/schema.generated.js';
import type { TheoryModel } from './model.js';

/** A version with its model, and whether the person may change it (a draft, and their role). */
export type TheoryVersion = components['schemas']['TocVersion'] & { canEdit: boolean };

/** The version tested against an evaluation: each step's respondents, each link's counts, lift and class. */
export type Validation = components['schemas']['TocValidation'];
export type LinkValidation = Validation['links'][number];
export type LinkClass = LinkValidation['status'];
export const LINK_CLASSES = ['supported', 'weak', 'contradicted', 'untested'] as const satisfies readonly LinkClass[];

const enc = encodeURIComponent;
export const versionPath = (programme: string, theory: string, version: string) =>
  `/programmes/${enc(programme)}/theories-of-change/${enc(theory)}/versions/${enc(version)}`;

interface VersionAnswer {
  data: components['schemas']['TocVersion'];
  abilities: { update: boolean };
}
const fromAnswer = (a: VersionAnswer): TheoryVersion => ({ ...a.data, canEdit: a.abilities.update });

export async function loadVersion(programme: string, theory: string, version: string): Promise<TheoryVersion> {
  return fromAnswer(await get<VersionAnswer>(versionPath(programme, theory, version)));
}

export async function saveDraft(programme: string, theory: string, version: TheoryVersion, model: TheoryModel): Promise<TheoryVersion> {
  return fromAnswer(await api<VersionAnswer>(`${versionPath(programme, theory, version.id)}/model`, { method: 'PUT', body: { model } }));
}

export async function loadValidation(programme: string, theory: string, version: string, evaluation: string): Promise<Validation> {
  return (await get<{ data: Validation }>(`${versionPath(programme, theory, version)}/validation?evaluation=${enc(evaluation)}`)).data;
}

/** The server's drawing of the version, as a file to download; its links coloured by class when tested against an evaluation. */
export const downloadHref = (programme: string, theory: string, version: string, format: 'svg' | 'png', evaluation?: string) =>
  `/api/v1${versionPath(programme, theory, version)}/export?format=${format}${evaluation ? `&evaluation=${enc(evaluation)}` : ''}`;

/** The page of respondents and quotes behind one link (the theory-of-change pages). */
export const drillHref = (programme: string, theory: string, version: string, link: string, evaluation: string) =>
  `${versionPath(programme, theory, version)}/links/${enc(link)}?evaluation=${enc(evaluation)}`;

/** What is mapped to each step (`…/evidence`): respondents per evaluation (small counts hidden), indicators with their latest total. */
export type StepEvidence =
  operations['getProgrammesProgrammeTheoriesOfChangeTheoryIdVersionsVersionIdEvidence']['responses'][200]['content']['application/json']['data'];

const figure = (n: number, unit: string) => {
  const s = n.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  return unit === 'gbp' ? `£${s}` : unit === 'percent' ? `${s}%` : unit === 'hours' ? `${s} hours` : s;
};

/** Each step's indicators in words: "Volunteer hours: 1,240 hours (April to June 2026)", the latest period's total. */
export function indicatorLines(e: StepEvidence | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of e?.indicators ?? []) {
    const words =
      i.total === null || !i.period
        ? `${i.indicator.label}: no figures yet`
        : `${i.indicator.label}: ${figure(i.total, i.indicator.unit)} (${i.period.label})`;
    out.set(i.nodeKey, [...(out.get(i.nodeKey) ?? []), words]);
  }
  return out;
}

/** A step's respondents in the test against an evaluation, in a few words. */
export function stepCount(v: Validation | null, key: string): string | undefined {
  if (!v) return undefined;
  const n = v.nodes.find((x) => x.key === key);
  if (!n?.mapped) return 'No mapped code';
  return n.respondents === null ? 'Too few respondents to show' : `${n.respondents} respondents`;
}
