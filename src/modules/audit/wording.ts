// The audit log in a person's words: each audited field's label, each value said plainly (names for ids,
// "Yes"/"No", "27 March 2026"). Pure: the names of the records an event mentions are looked up by the
// caller (history.ts) and handed in. Each module keeps its own wording beside its audit shapes
// (<module>/audit-wording.ts); audit/wordings.ts gathers them, and a test fails when an audited field
// has none (audit/wording-coverage.test.ts).

/** Kinds of record an audited value can point at by id, each shown as that record's name. */
export const REF_KINDS = [
  'programme',
  'phase',
  'place',
  'organisation',
  'partnership',
  'partnership-member',
  'project',
  'grant',
  'person',
  'invitation',
  'password-reset',
  'term',
  'indicator',
  /** An indicator named by its key within a programme: "<programme id>:<key>" (a return's figures are audited by key). */
  'indicator-key',
  'period',
  'return',
  'evaluation',
  'code',
  'respondent',
  'transcript',
  'passage',
  'quote',
  'memo',
  'engagement',
  'you-said-we-did',
  'action-plan',
  'brokerage-case',
  'support-provider',
  'support-event',
  'theory',
  'theory-version',
  'theory-comment',
  'place-survey',
  'pb-round',
  'pb-proposal',
  'case-study',
  'learning-set',
  'learning-session',
  'learning-action',
] as const;
export type RefKind = (typeof REF_KINDS)[number];

export interface FieldWording {
  label: string;
  /** The value is the id of a record of this kind (or a list of ids): shown as its name. */
  ref?: RefKind;
  /** The value is one of these codes, said in words. */
  values?: Readonly<Record<string, string>>;
  /** How to say a number: money in pounds, or a plain count (the default for numbers). */
  as?: 'money';
  /** How to say a text value, where a list of `values` cannot (a cross-tab's dimension). */
  say?: (v: string) => string;
}

/** What a key made at run time names (a return's "<indicator key> note"): a record, and the label around its name. */
export interface DynamicWording extends FieldWording {
  /** The record whose name goes into the label, as [kind, id]. */
  labelRef: [RefKind, string];
  /** The label, given that name. */
  say: (name: string) => string;
}

export interface EntityWording {
  /** audit_events.entity_type */
  entityType: string;
  /** The kind of record in words, capitalised: "Reporting period". */
  noun: string;
  /** The kind of reference the record's own id is, so the log can name it. */
  self: RefKind;
  fields: Readonly<Record<string, string | FieldWording>>;
  /** Keys made at run time (named after something), given the event's programme. */
  dynamic?: (key: string, programmeId: string | null) => DynamicWording | undefined;
}

/** Names of records, by kind and id. A wanted id missing from it is a record that no longer exists. */
export type Names = ReadonlyMap<string, string>;
export const nameKey = (kind: RefKind, id: string) => `${kind}:${id}`;
export const DELETED = '(deleted)';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

/** One changed field, said in words. */
export interface ChangeInWords {
  field: string;
  before: string;
  after: string;
}

/** A key nobody labelled (an old event's, or a gap the coverage test has not caught): words from its spelling. */
export function wordsFromKey(key: string): string {
  const words = key
    .replace(/Id(s?)$/, '$1')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});
const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** "2026-03-27" → "27 March 2026"; a moment → "27 March 2026 at 14:05" (UK time). Anything else unchanged. */
export function sayDate(v: string): string {
  if (DATE.test(v)) {
    const d = new Date(`${v}T12:00:00Z`);
    return Number.isNaN(d.getTime()) ? v : dateFmt.format(d);
  }
  if (DATE_TIME.test(v)) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? v : dateTimeFmt.format(d).replace(', ', ' at ');
  }
  return v;
}

/** One value in words. Ids are named only where the field says what they point at. */
export function sayValue(v: unknown, w: FieldWording | undefined, names: Names): string {
  if (v === null || v === undefined || v === '') return '(empty)';
  if (Array.isArray(v)) return v.length ? v.map((x) => sayValue(x, w, names)).join(', ') : '(none)';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'number') return w?.as === 'money' ? gbp.format(v) : v.toLocaleString('en-GB');
  if (typeof v === 'string') {
    if (w?.ref && isUuid(v)) return names.get(nameKey(w.ref, v)) ?? DELETED;
    if (w?.values && v in w.values) return w.values[v]!;
    if (w?.say) return w.say(v);
    if (w?.as === 'money' && v.trim() !== '' && Number.isFinite(Number(v))) return gbp.format(Number(v));
    return sayDate(v);
  }
  if (typeof v === 'object') {
    // A small record inside a change ({ id, name } of a new code, a filter set): its parts in words.
    const o = v as Record<string, unknown>;
    if (typeof o.name === 'string') return o.name;
    if (typeof o.label === 'string') return o.label;
    const parts = Object.entries(o)
      .filter(([k]) => k !== 'id')
      .map(([k, x]) => `${wordsFromKey(k)}: ${sayValue(x, undefined, names)}`);
    return parts.length ? parts.join('; ') : '(none)';
  }
  return String(v);
}

const asWording = (w: string | FieldWording): FieldWording => (typeof w === 'string' ? { label: w } : w);

/** The wording of one field of an entity, or undefined when nobody has labelled it. */
export function fieldWording(entity: EntityWording | undefined, key: string, programmeId: string | null): FieldWording | undefined {
  if (!entity) return undefined;
  const w = entity.fields[key];
  if (w !== undefined) return asWording(w);
  return entity.dynamic?.(key, programmeId);
}

/** Every [kind, id] an event's changes and subject need named. */
export function refsOf(
  entity: EntityWording | undefined,
  event: { entityId: string; programmeId: string | null; changes: Record<string, [unknown, unknown]> },
): [RefKind, string][] {
  const out: [RefKind, string][] = [];
  if (entity && isUuid(event.entityId)) out.push([entity.self, event.entityId]);
  for (const [key, pair] of Object.entries(event.changes)) {
    const w = fieldWording(entity, key, event.programmeId);
    if (!w) continue;
    if (w && 'labelRef' in w) out.push((w as DynamicWording).labelRef);
    if (!w.ref) continue;
    for (const v of pair.flat()) if (isUuid(v)) out.push([w.ref, v]);
  }
  return out;
}

/** An event's changes in words, in the order they were recorded. */
export function changesInWords(
  entity: EntityWording | undefined,
  event: { programmeId: string | null; changes: Record<string, [unknown, unknown]> },
  names: Names,
): ChangeInWords[] {
  return Object.entries(event.changes).map(([key, [before, after]]) => {
    const w = fieldWording(entity, key, event.programmeId);
    let field = w?.label ?? wordsFromKey(key);
    if (w && 'labelRef' in w) {
      const d = w as DynamicWording;
      field = d.say(names.get(nameKey(d.labelRef[0], d.labelRef[1])) ?? DELETED);
    }
    return { field, before: sayValue(before, w, names), after: sayValue(after, w, names) };
  });
}

/** The record an event is about, named: its name now, or "(deleted)". */
export function subjectName(entity: EntityWording | undefined, entityId: string, names: Names): string {
  if (!entity || !isUuid(entityId)) return entityId;
  return names.get(nameKey(entity.self, entityId)) ?? DELETED;
}
