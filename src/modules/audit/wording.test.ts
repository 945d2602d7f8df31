import { describe, expect, it } from 'vitest';
import { DELETED, type EntityWording, changesInWords, nameKey, refsOf, sayDate, sayValue, subjectName, wordsFromKey } from './wording.js';
import { ENTITY_WORDINGS, NAME_LOOKUPS, wordingOf } from './wordings.js';

const PHASE = '0aa14a31-2b6c-4c1e-9a77-3f6a2d1b9e10';
const GONE = '5d0f3c22-8e1b-4a5c-b7d9-112233445566';
const ORG = '7b1e9f00-1111-4222-8333-444455556666';
const PROG = '9c2d7a11-aaaa-4bbb-8ccc-ddddeeeeffff';
const names = new Map([
  [nameKey('phase', PHASE), 'Phase 1: Getting started'],
  [nameKey('organisation', ORG), 'Filwood Community Trust'],
  [nameKey('indicator-key', `${PROG}:volunteers`), 'Volunteers'],
]);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const CAMEL = /\b[a-z]+[A-Z][A-Za-z]*\b/;

describe('values in words', () => {
  it('says dates as people write them, and moments in UK time', () => {
    expect(sayDate('2026-03-27')).toBe('27 March 2026');
    expect(sayDate('2026-07-01T13:05:00.000Z')).toBe('1 July 2026 at 14:05');
    expect(sayDate('not a date')).toBe('not a date');
  });

  it('says yes or no, empty, lists, numbers and money plainly', () => {
    expect(sayValue(true, undefined, names)).toBe('Yes');
    expect(sayValue(false, undefined, names)).toBe('No');
    expect(sayValue(null, undefined, names)).toBe('(empty)');
    expect(sayValue('', undefined, names)).toBe('(empty)');
    expect(sayValue([], undefined, names)).toBe('(none)');
    expect(sayValue(['Housing', 'Youth'], undefined, names)).toBe('Housing, Youth');
    expect(sayValue(12500, undefined, names)).toBe('12,500');
    expect(sayValue(4500000, { label: 'Amount', as: 'money' }, names)).toBe('£4,500,000.00');
  });

  it('names a record by its id, and says "(deleted)" when it no longer exists', () => {
    expect(sayValue(PHASE, { label: 'Phase', ref: 'phase' }, names)).toBe('Phase 1: Getting started');
    expect(sayValue(GONE, { label: 'Phase', ref: 'phase' }, names)).toBe(DELETED);
    expect(sayValue([PHASE, GONE], { label: 'Phases', ref: 'phase' }, names)).toBe(`Phase 1: Getting started, ${DELETED}`);
  });

  it('says a coded value in the module’s own words', () => {
    const project = wordingOf('project')!;
    expect(sayValue('synthetic', project.fields.provenance as never, names)).toBe('Made-up demo (invented for training or demonstration)');
    expect(sayValue('programme_manager', wordingOf('user')!.fields.role as never, names)).toBe('Programme manager');
    expect(sayValue('returned', wordingOf('monitoring_return')!.fields.status as never, names)).toBe('Returned');
  });

  it('says a small record inside a change by its name, or its parts labelled', () => {
    expect(sayValue({ id: GONE, name: 'Belonging' }, undefined, names)).toBe('Belonging');
    expect(sayValue({ placeId: 'x', participantType: 'Resident' }, undefined, names)).toBe('Place: x; Participant type: Resident');
  });

  it('makes words of a key nobody labelled, never showing it as spelled in code', () => {
    expect(wordsFromKey('recipientOrganisationId')).toBe('Recipient organisation');
    expect(wordsFromKey('respondentIds')).toBe('Respondents');
    expect(wordsFromKey('participant_type')).toBe('Participant type');
  });
});

describe('an audit event in words', () => {
  it('labels each field and names each record: a grant as the audit log shows it', () => {
    const grant = wordingOf('grant')!;
    const event = {
      programmeId: PROG,
      entityId: GONE,
      changes: {
        phaseId: [null, PHASE],
        recipientOrganisationId: [GONE, ORG],
        amountGbp: [1000, 1234.5],
        awardedOn: [null, '2026-03-27'],
      } as Record<string, [unknown, unknown]>,
    };
    expect(changesInWords(grant, event, names)).toEqual([
      { field: 'Phase', before: '(empty)', after: 'Phase 1: Getting started' },
      { field: 'Organisation that received the grant', before: DELETED, after: 'Filwood Community Trust' },
      { field: 'Amount', before: '£1,000.00', after: '£1,234.50' },
      { field: 'Awarded on', before: '(empty)', after: '27 March 2026' },
    ]);
    expect(subjectName(grant, GONE, names)).toBe(DELETED);
    expect(refsOf(grant, event)).toEqual([
      ['grant', GONE],
      ['phase', PHASE],
      ['organisation', GONE],
      ['organisation', ORG],
    ]);
  });

  it('names a return’s figures after their indicator', () => {
    const r = wordingOf('monitoring_return')!;
    const event = {
      programmeId: PROG,
      entityId: GONE,
      changes: {
        volunteers: ['164', '5000'],
        'volunteers note': ['', 'Counted differently'],
        'volunteers follow-up': [false, true],
      } as Record<string, [unknown, unknown]>,
    };
    expect(changesInWords(r, event, names).map((c) => c.field)).toEqual([
      'Volunteers',
      'Volunteers: note on comparability',
      'Volunteers: needs following up',
    ]);
    expect(refsOf(r, event)).toContainEqual(['indicator-key', `${PROG}:volunteers`]);
  });

  it('shows no raw id and no key as spelled in code, whatever field of any audited record changes', () => {
    for (const w of ENTITY_WORDINGS) {
      for (const [key, f] of Object.entries(w.fields)) {
        const [c] = changesInWords(w, { programmeId: PROG, changes: { [key]: [GONE, PHASE] } }, names);
        expect(c!.field, `${w.entityType}.${key}: label`).not.toMatch(CAMEL);
        expect(c!.field, `${w.entityType}.${key}: label`).not.toBe(key);
        // A field that points at a record never shows its id (a free-text field shows what was typed).
        if (typeof f === 'object' && f.ref) expect(`${c!.before} ${c!.after}`, `${w.entityType}.${key}`).not.toMatch(UUID);
      }
    }
  });

  it('has a name look-up for every kind of record a wording points at', () => {
    const kinds = new Set<string>();
    for (const w of ENTITY_WORDINGS as EntityWording[]) {
      kinds.add(w.self);
      for (const f of Object.values(w.fields)) if (typeof f === 'object' && f.ref) kinds.add(f.ref);
    }
    for (const k of kinds) expect(NAME_LOOKUPS, k).toHaveProperty([k]);
    expect(new Set(ENTITY_WORDINGS.map((w) => w.entityType)).size).toBe(ENTITY_WORDINGS.length);
  });
});
