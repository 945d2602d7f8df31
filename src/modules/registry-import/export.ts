/**
 * The registry as spreadsheets: the import's template, and an export of what the programme holds that
 * the import reads back unchanged (its first sheet, or its partnerships CSV, has the import's columns).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/database.js';
import type { SheetCell } from '../../shared/safe-cells.js';
import type { XlsxSheet } from '../../spreadsheet/write.js';
import { organisations } from '../organisations/schema.js';
import { partnerships } from '../partnerships/schema.js';
import { NATIONS, places } from '../places/schema.js';
import { type ProgrammeContext, requireManager } from '../programmes/context.js';
import { vocabularyTerms } from '../programmes/schema.js';
import { projects } from '../projects/schema.js';
import { Forbidden } from '../../errors.js';
import { MAX_NAME, MAX_REGION } from './plan.js';
import { COLUMNS, MAX_ROWS } from './sheet.js';

export const REGISTRY_RECORDS = ['partnerships', 'places', 'organisations', 'projects'] as const;
export type RegistryRecords = (typeof REGISTRY_RECORDS)[number];

/** The columns of each export sheet. The partnerships sheet's are the import's own. */
const HEADINGS: Record<RegistryRecords, string[]> = {
  partnerships: [...COLUMNS],
  places: ['place', 'region', 'nation', 'local_authority', 'area_code', 'deprivation_index', 'deprivation_decile'],
  organisations: ['organisation', 'organisation_type', 'size', 'identifiers'],
  projects: ['project', 'partnership', 'description', 'provenance'],
};

/** What each of the import's columns holds, for the template's notes. */
function columnNotes(organisationTypes: string[]): string[][] {
  return [
    ['column', 'required?', 'what to put in it'],
    ['partnership', 'yes', `The partnership’s name, up to ${MAX_NAME} characters. One row for each partnership.`],
    [
      'place',
      'yes, for a new partnership',
      `The place it works in, up to ${MAX_NAME} characters. A place not yet in Cairn is added. May be left empty for a partnership Cairn already holds.`,
    ],
    ['region', 'no', `The place’s region, up to ${MAX_REGION} characters, for example North West.`],
    ['nation', 'no', `One of ${NATIONS.join(', ')}.`],
    ['lead_organisation', 'no', `The organisation that leads the partnership, up to ${MAX_NAME} characters. Added if not yet in Cairn.`],
    [
      'organisation_type',
      'no',
      organisationTypes.length
        ? `The lead organisation’s type, one of: ${organisationTypes.join(', ')}.`
        : 'The lead organisation’s type: this programme has no organisation types yet (add them under Vocabularies).',
    ],
    [
      'in_programme_from',
      'no',
      'The day the partnership joined the programme, for example 2019-04-01 or 1/4/2019: returns are expected from it for periods due from then. Today if left empty; a partnership Cairn already holds keeps its own date.',
    ],
    [],
    ['Names already in Cairn are matched, ignoring capitals and extra spaces, and left as they are.'],
    [`Up to ${MAX_ROWS.toLocaleString('en-GB')} rows. Cairn reads the first sheet only: these notes are not imported.`],
  ];
}

async function organisationTypes(db: Queryable, programmeId: string): Promise<string[]> {
  const rows = await db
    .select({ label: vocabularyTerms.label })
    .from(vocabularyTerms)
    .where(and(eq(vocabularyTerms.programmeId, programmeId), eq(vocabularyTerms.vocabulary, 'organisation_type')))
    .orderBy(vocabularyTerms.position);
  return rows.map((r) => r.label);
}

const widths = (n: number, first = 36) => Array.from({ length: n }, (_, i) => ({ width: i === 0 ? first : 24 }));

/** The import's template: its heading row (the CSV), and in the .xlsx a second sheet of notes. */
export async function registryTemplate(db: Queryable, ctx: ProgrammeContext): Promise<{ csvRows: string[][]; sheets: XlsxSheet[] }> {
  requireManager(ctx);
  const heading = [...COLUMNS];
  return {
    csvRows: [heading],
    sheets: [
      { sheet: 'partnerships', rows: [heading], columns: widths(heading.length) },
      {
        sheet: 'notes',
        rows: columnNotes(await organisationTypes(db, ctx.programme.id)),
        columns: [{ width: 20 }, { width: 26 }, { width: 90 }],
      },
    ],
  };
}

/** Programme staff only: a partnership member's view of the registry is their own partnerships. */
function requireProgrammeStaff(ctx: ProgrammeContext) {
  if (ctx.access.scope !== 'programme') throw new Forbidden('Only programme staff can download the whole registry.');
}

/** Each kind of record as rows under its heading; partnerships in the import's columns. */
export async function registryExport(db: Queryable, ctx: ProgrammeContext): Promise<Record<RegistryRecords, SheetCell[][]>> {
  requireProgrammeStaff(ctx);
  const programmeId = ctx.programme.id;
  const placeRows = await db.select().from(places).where(eq(places.programmeId, programmeId)).orderBy(asc(places.name));
  const orgRows = await db.select().from(organisations).where(eq(organisations.programmeId, programmeId)).orderBy(asc(organisations.name));
  const partnershipRows = await db
    .select()
    .from(partnerships)
    .where(eq(partnerships.programmeId, programmeId))
    .orderBy(asc(partnerships.name));
  const projectRows = await db.select().from(projects).where(eq(projects.programmeId, programmeId)).orderBy(asc(projects.name));
  const placeOf = new Map(placeRows.map((p) => [p.id, p]));
  const orgOf = new Map(orgRows.map((o) => [o.id, o]));
  const partnershipName = new Map(partnershipRows.map((p) => [p.id, p.name]));
  return {
    partnerships: [
      HEADINGS.partnerships,
      ...partnershipRows.map((p) => {
        const place = p.placeId ? placeOf.get(p.placeId) : undefined;
        const lead = p.leadOrganisationId ? orgOf.get(p.leadOrganisationId) : undefined;
        return [
          p.name,
          place?.name ?? '',
          place?.region ?? '',
          place?.nation ?? '',
          lead?.name ?? '',
          lead ? lead.type : '',
          p.inProgrammeFrom,
        ];
      }),
    ],
    places: [
      HEADINGS.places,
      ...placeRows.map((p) => [
        p.name,
        p.region,
        p.nation ?? '',
        p.localAuthority,
        p.areaCode ?? '',
        p.deprivationIndex ?? '',
        p.deprivationDecile ?? '',
      ]),
    ],
    organisations: [HEADINGS.organisations, ...orgRows.map((o) => [o.name, o.type, o.size ?? '', o.identifiers.join('; ')])],
    projects: [
      HEADINGS.projects,
      ...projectRows.map((p) => [p.name, p.partnershipId ? (partnershipName.get(p.partnershipId) ?? '') : '', p.description, p.provenance]),
    ],
  };
}

/** The whole export as .xlsx sheets, partnerships first (the sheet the import reads). */
export function exportSheets(records: Record<RegistryRecords, SheetCell[][]>): XlsxSheet[] {
  return REGISTRY_RECORDS.map((kind) => ({ sheet: kind, rows: records[kind], columns: widths(HEADINGS[kind].length) }));
}
