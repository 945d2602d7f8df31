// Theory of change: shared shapes (from the API's generated types), addresses and words.
import type { components, operations } from '../api/schema.generated.js';
import { useProgramme } from '../app/programme-frame.js';
import { Tag } from '../ui/index.js';

type Schemas = components['schemas'];
export type Theory = Schemas['TheoryOfChange'];
export type VersionSummary = Schemas['TocVersionSummary'];
export type VersionRecord = Schemas['TocVersion'];
export type Comment = Schemas['TocComment'];
export type Change = Schemas['TocChange'];
export type Mapping = Schemas['TocMapping'];
export type Validation = Schemas['TocValidation'];
export type Thresholds = Schemas['TocThresholds'];
export type LinkClass = Validation['links'][number]['status'];
type Json<Id extends keyof operations> = operations[Id]['responses'] extends { 200: { content: { 'application/json': infer T } } }
  ? T
  : never;
export type MappingsAnswer = Json<'getProgrammesProgrammeTheoriesOfChangeTheoryIdVersionsVersionIdMappings'>;
export type EvidenceAnswer = Json<'getProgrammesProgrammeTheoriesOfChangeTheoryIdVersionsVersionIdEvidence'>;
export type DrillAnswer = Json<'getProgrammesProgrammeTheoriesOfChangeTheoryIdVersionsVersionIdLinksLinkKeyRespondents'>;

export const CLASS_WORDS: Record<LinkClass, string> = {
  supported: 'Supported',
  weak: 'Weak',
  contradicted: 'Contradicted',
  untested: 'Untested',
};
const CLASS_TONE = { supported: 'green', weak: 'yellow', contradicted: 'red', untested: 'grey' } as const;
export const ClassTag = ({ status }: { status: LinkClass }) => <Tag tone={CLASS_TONE[status]}>{CLASS_WORDS[status]}</Tag>;
export const StatusTag = ({ status }: { status: 'draft' | 'published' }) => (
  <Tag tone={status === 'published' ? 'green' : 'blue'}>{status === 'published' ? 'Published' : 'Draft'}</Tag>
);

export const ONLY_EDITORS = 'Only the programme’s managers and evaluators can change its theories of change.';

/** Addresses and breadcrumbs inside the programme's theories of change. */
export function useTocPaths(theoryId?: string, versionId?: string) {
  const { api, base, crumbs, programme } = useProgramme();
  const listApi = `${api}/theories-of-change`;
  const list = `${base}/theories-of-change`;
  const theoryApi = theoryId ? `${listApi}/${theoryId}` : listApi;
  const theory = theoryId ? `${list}/${theoryId}` : list;
  const versionApi = versionId ? `${theoryApi}/versions/${versionId}` : theoryApi;
  const version = versionId ? `${theory}/versions/${versionId}` : theory;
  const trail = (theoryName?: string, versionName?: string) =>
    crumbs(
      { href: list, label: 'Theories of change' },
      ...(theoryName ? [{ href: theory, label: theoryName }] : []),
      ...(versionName ? [{ href: version, label: versionName }] : []),
    );
  return { api, programme, listApi, list, theoryApi, theory, versionApi, version, trail };
}
