import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COLUMNS, type SheetRow } from './sheet.js';
import { parseSpreadsheet } from './parse.js';
import { type Existing, planImport, sheetDate } from './plan.js';

const TYPES = ['Registered charity', 'Community interest company', 'Local authority'];
const none: Existing = { places: [], organisations: [], partnerships: [], organisationTypes: TYPES };

let n = 1;
function row(values: Partial<Record<(typeof COLUMNS)[number], string>>, at?: number): SheetRow {
  n = at ?? n + 1;
  return { row: n, extraCells: 0, values: { ...Object.fromEntries(COLUMNS.map((c) => [c, ''])), ...values } as SheetRow['values'] };
}

describe('planning a registry import', () => {
  it('creates each place and organisation once, however many rows name them', () => {
    const plan = planImport(
      [
        row(
          {
            partnership: 'Grapevine Coventry',
            place: 'Coventry',
            region: 'West Midlands',
            nation: 'england',
            lead_organisation: 'Grapevine',
          },
          2,
        ),
        row({
          partnership: 'Coventry Youth',
          place: ' coventry ',
          lead_organisation: 'grapevine',
          organisation_type: 'registered CHARITY',
        }),
      ],
      none,
    );
    expect(plan.errors).toEqual([]);
    expect(plan.creates.places).toEqual([{ name: 'Coventry', region: 'West Midlands', nation: 'England' }]);
    expect(plan.creates.organisations).toEqual([{ name: 'Grapevine', type: 'Registered charity' }]);
    expect(plan.creates.partnerships).toEqual([
      { name: 'Grapevine Coventry', place: 'Coventry', leadOrganisation: 'Grapevine', inProgrammeFrom: null },
      { name: 'Coventry Youth', place: 'Coventry', leadOrganisation: 'Grapevine', inProgrammeFrom: null },
    ]);
  });

  it('matches what exists by name and fills only a partnership’s empty place or lead', () => {
    const existing: Existing = {
      places: [{ id: 'pl-1', name: 'Hackney', region: 'London', nation: 'England' }],
      organisations: [{ id: 'org-1', name: 'Hackney Volunteer Centre', type: 'Registered charity' }],
      partnerships: [
        { id: 'ps-1', name: 'Hackney Volunteer Centre', placeId: null, leadOrganisationId: 'org-1', inProgrammeFrom: '2019-04-01' },
        { id: 'ps-2', name: 'Our Space', placeId: 'pl-1', leadOrganisationId: 'org-1', inProgrammeFrom: '2019-04-01' },
      ],
      organisationTypes: TYPES,
    };
    const plan = planImport(
      [
        row({ partnership: 'hackney volunteer centre', place: 'HACKNEY', lead_organisation: 'Hackney Volunteer Centre' }, 2),
        row({
          partnership: 'Our Space',
          place: 'Hoxton',
          lead_organisation: 'Hackney Volunteer Centre',
          organisation_type: 'Local authority',
        }),
      ],
      existing,
    );
    expect(plan.errors).toEqual([]);
    expect(plan.matches.places).toEqual([{ id: 'pl-1', name: 'Hackney' }]);
    expect(plan.matches.organisations).toEqual([{ id: 'org-1', name: 'Hackney Volunteer Centre' }]);
    expect(plan.matches.partnerships).toEqual([
      { id: 'ps-1', name: 'Hackney Volunteer Centre', setPlace: 'HACKNEY', setLeadOrganisation: null },
      { id: 'ps-2', name: 'Our Space', setPlace: null, setLeadOrganisation: null },
    ]);
    expect(plan.creates.places).toEqual([{ name: 'Hoxton', region: '', nation: null }]);
    expect(plan.creates.partnerships).toEqual([]);
    // The sheet disagrees with Cairn: Cairn keeps what it has and says so.
    expect(plan.warnings.map((w) => [w.row, w.field])).toEqual([
      [3, 'place'],
      [3, 'organisation_type'],
    ]);
  });

  it('lists every bad row and field of the sample file, with row numbers as the spreadsheet shows them', async () => {
    const rows = await parseSpreadsheet(readFileSync(new URL('../../../test/fixtures/registry-import/bad-rows.csv', import.meta.url)));
    const plan = planImport(rows, none);
    expect(plan.errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'partnership'],
      [3, 'partnership'],
      [4, 'nation'],
      [5, 'organisation_type'],
      [6, 'place'],
      [7, 'partnership'],
      [8, 'organisation_type'],
    ]);
    expect(plan.errors[0]!.message).toBe(
      'The partnership “Community 360” is in rows 2 and 7 with a different place or lead organisation; keep one row for it',
    );
    expect(plan.errors[2]!.message).toMatch(/“Englund” is not a nation/);
    expect(plan.errors[3]!.message).toMatch(/“Charity” is not one of this programme’s organisation types: Registered charity, /);
  });

  it('treats an identical repeated row as one partnership, with a warning', () => {
    const same = { partnership: 'Community 360', place: 'Colchester', lead_organisation: 'Community 360' };
    const plan = planImport([row(same, 2), row(same)], none);
    expect(plan.errors).toEqual([]);
    expect(plan.creates.partnerships).toHaveLength(1);
    expect(plan.warnings).toEqual([{ row: 3, field: 'partnership', message: '“Community 360” repeats row 2; it is imported once' }]);
  });

  it('refuses one place given two regions, on every row that says so', () => {
    const plan = planImport(
      [row({ partnership: 'A', place: 'Bristol', region: 'South West' }, 2), row({ partnership: 'B', place: 'bristol', region: 'Wessex' })],
      none,
    );
    expect(plan.errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'region'],
      [3, 'region'],
    ]);
  });

  it('refuses over-long names and stray cells', () => {
    const plan = planImport(
      [{ ...row({ partnership: 'x'.repeat(201), place: 'Lincoln', region: 'r'.repeat(101) }, 2), extraCells: 2 }],
      none,
    );
    expect(plan.errors.map((e) => [e.field, e.message])).toEqual([
      ['row', 'This row has 2 filled cells under no column heading; check its commas or columns'],
      ['partnership', 'The partnership’s name must be 200 characters or fewer (this one has 201)'],
      ['region', 'The region must be 100 characters or fewer (this one has 101)'],
    ]);
  });

  it('says so when the programme has no organisation types to choose from', () => {
    const plan = planImport([row({ partnership: 'A', place: 'B', lead_organisation: 'C', organisation_type: 'Registered charity' }, 2)], {
      ...none,
      organisationTypes: [],
    });
    expect(plan.errors[0]!.message).toMatch(/no organisation types yet/);
  });
});

describe('the date a partnership joined the programme', () => {
  it('reads 2019-04-01 and day/month/year, and refuses what is not a date, naming the column', () => {
    expect([sheetDate('2019-04-01'), sheetDate('1/4/2019'), sheetDate('01-04-2019'), sheetDate('1.4.2019')]).toEqual([
      '2019-04-01',
      '2019-04-01',
      '2019-04-01',
      '2019-04-01',
    ]);
    expect([sheetDate('31/2/2019'), sheetDate('April 2019'), sheetDate('4/1/19')]).toEqual([null, null, null]);
    const plan = planImport(
      [
        row({ partnership: 'Old Town', place: 'Leeds', in_programme_from: '1/4/2019' }, 2),
        row({ partnership: 'New Town', place: 'Leeds', in_programme_from: 'spring 2019' }, 3),
      ],
      none,
    );
    expect(plan.errors.map((e) => [e.row, e.field])).toEqual([[3, 'in_programme_from']]);
    expect(plan.errors[0]!.message).toContain('day/month/year, for example 1/4/2019');
    expect(plan.creates.partnerships[0]).toMatchObject({ name: 'Old Town', inProgrammeFrom: '2019-04-01' });
  });

  it('keeps a matched partnership’s date, warning where the sheet differs', () => {
    const existing: Existing = {
      ...none,
      places: [{ id: 'pl-1', name: 'Leeds', region: '', nation: null }],
      partnerships: [{ id: 'ps-1', name: 'Old Town', placeId: 'pl-1', leadOrganisationId: null, inProgrammeFrom: '2020-01-01' }],
    };
    const plan = planImport([row({ partnership: 'Old Town', place: 'Leeds', in_programme_from: '2019-04-01' }, 2)], existing);
    expect(plan.errors).toEqual([]);
    expect(plan.warnings.map((w) => w.field)).toEqual(['in_programme_from']);
  });
});
