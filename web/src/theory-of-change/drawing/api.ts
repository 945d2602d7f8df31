// The theory-of-change API as the drawing and the outline use it: one version's model, saving a draft,
// the test of its links against an evaluation, and the addresses of its downloads and drill-downs.
import { api, get } from '../../api/index.js';
import type { components } from '../../api/schema.generated.js';
import type { TheoryModel } from './model.js';

/** A version with its model, and whether the person may change it (a draft, and their role). */
export type TheoryVersion = components['schemas']['TocVersion'] & { canEdit: boolean };

export const LINK_CLASSES = ['supported', 'weak', 'contradicted', 'untested'] as const;
export type LinkClass = (typeof LINK_CLASSES)[number];

export interface LinkValidation {
  key: string;
  from: string;
  to: string;
  status: LinkClass;
  reason: string;
  /** null: too few to publish (or untested). */
  respondentsFrom: number | null;
  respondentsTo: number | null;
  respondentsBoth: number | null;
  lift: number | null;
  suppressed: boolean;
}
export interface Validation {
  evaluation: { slug: string; title: string };
  total: number;
  nodes: { key: string; respondents: number | null }[];
  links: LinkValidation[];
}

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

/** The server's drawing of the version, as a file to download. */
export const downloadHref = (programme: string, theory: string, version: string, format: 'svg' | 'png') =>
  `/api/v1${versionPath(programme, theory, version)}/export?format=${format}`;

/** The page of respondents and quotes behind one link (the theory-of-change pages). */
export const drillHref = (programme: string, theory: string, version: string, link: string, evaluation: string) =>
  `${versionPath(programme, theory, version)}/links/${enc(link)}?evaluation=${enc(evaluation)}`;

/** What is mapped to each step, as the theory-of-change API gives it (`…/evidence`). */
export interface StepEvidence {
  respondents: { nodeKey: string; evaluation: { slug: string; title: string }; respondents: number | null }[];
  indicators: {
    nodeKey: string;
    indicator: { id: string; key: string; label: string; unit: string };
    total: number | null;
    basis: string | null;
    period: { id: string; label: string } | null;
  }[];
}

export async function loadEvidence(programme: string, theory: string, version: string): Promise<StepEvidence> {
  return (await get<{ data: StepEvidence }>(`${versionPath(programme, theory, version)}/evidence`)).data;
}

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
