import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Nation } from '../registry-import/plan.js';
import type { Aggregation, Unit } from '../monitoring/schema.js';
import type { PROVENANCE } from '../projects/schema.js';

// The demo programmes as plain data, built from src/reference/ (copies of the seed tables). Facts come
// from the seeds; where Cairn invents something to make a screen useful, it says `illustrative`.

type Provenance = (typeof PROVENANCE)[number];

export interface DemoOrganisation {
  name: string;
  type?: string;
}
export interface DemoPartnership {
  name: string;
  place: { name: string; nation: Nation; region: string; localAuthority?: string };
  lead?: DemoOrganisation;
  members?: (DemoOrganisation & { role: string })[];
  description?: string;
  /** The day it joined the programme (see each programme for where the date comes from). */
  inProgrammeFrom: string;
  /** By phase number: whether it went on to the next phase, and why not. */
  progressions?: Record<number, { progressed: boolean; reason?: string }>;
}
export interface DemoProject {
  name: string;
  description: string;
  partnership: string;
  themes?: string[];
  typology?: string[];
  coproductionModel?: string;
  provenance: Provenance;
}
export interface DemoIndicator {
  key: string;
  label: string;
  definition: string;
  unit: Unit;
  aggregation: Aggregation;
  required: boolean;
}
/**
 * A return: a figure per indicator key, null where it was not reported (with the reason). Accepted unless
 * said; `via: 'import'` is submitted by a spreadsheet import. Dates are 'YYYY-MM-DD' (illustrative).
 */
export interface DemoReturn {
  partnership: string;
  values: Record<string, number | null>;
  notReportedReason?: string;
  comparabilityNote?: string;
  status?: 'submitted' | 'accepted' | 'returned';
  via?: 'import';
  submittedOn: string;
  reviewedOn?: string;
  reviewComment?: string;
}
export interface DemoPeriod {
  label: string;
  phase?: number;
  startsOn: string;
  endsOn: string;
  dueOn: string;
  returns: DemoReturn[];
}
export interface DemoProgramme {
  slug: string;
  name: string;
  funder: string;
  description: string;
  /** Vocabularies beyond the defaults every programme starts with. */
  vocabularies?: { theme?: string[]; coproduction_model?: string[]; participant_type?: string[] };
  phases?: { number: number; name: string; startsOn: string | null; endsOn: string | null }[];
  partnerships: DemoPartnership[];
  projects: DemoProject[];
  indicators?: DemoIndicator[];
  periods?: DemoPeriod[];
}

const reference = (file: string) => readFileSync(new URL(`../../reference/${file}`, import.meta.url), 'utf8');
const table = (file: string) => parse(reference(file), { columns: true, trim: true }) as Record<string, string>[];

// ---- Place Based Social Action -----------------------------------------------------------------

/**
 * How each row of pbsa-phase2-in-numbers.csv maps to Cairn: the place as the seed's own text names it
 * (the numbers table says Calderdale, N.E. Lincs and Bootle (Sefton); the place-by-place text works in
 * Halifax, East Marsh and Bootle), the typology table's name for it, the lead, and other organisations
 * the seed names in the partnership. Lead types only where the seed says (Onion Collective is a CIC).
 */
const PBSA_PLACES: Record<
  string,
  {
    place: string;
    localAuthority?: string;
    typologyPlace: string;
    lead?: DemoOrganisation;
    members?: (DemoOrganisation & { role: string })[];
    delivery: string;
  }
> = {
  Colchester: {
    place: 'Colchester',
    localAuthority: 'Colchester',
    typologyPlace: 'Colchester',
    delivery:
      'Dementia awareness sessions, training and campaigns towards a dementia friendly borough; the Covid-19 Community Hub; the Dementia Voices listening reports.',
  },
  Coventry: {
    place: 'Coventry',
    localAuthority: 'Coventry',
    typologyPlace: 'Coventry',
    delivery:
      'Community organising through the Stoke Aldermoor Social Action Partnership: a paid local Community Organiser, listening campaigns, collaboration stations and social suppers, a food hub, and the Change Maker University.',
  },
  Calderdale: {
    place: 'Halifax',
    localAuthority: 'Calderdale',
    typologyPlace: 'Halifax',
    lead: { name: 'Halifax Opportunities Trust' },
    members: [{ name: 'NHP Ltd', role: 'member' }],
    delivery:
      'Community organising to connect north and central Halifax: a food hub and a community fridge at a mosque, a community garden and kitchen with refugees and asylum seekers, community journalists.',
  },
  Bristol: {
    place: 'Bristol',
    localAuthority: 'Bristol',
    typologyPlace: 'Bristol',
    delivery:
      'Hartcliffe and Withywood: the partnership’s building as an emergency hub with telephone befriending and referrals, fun days and youth activities, and a large community consultation in late 2020.',
  },
  Hartlepool: {
    place: 'Hartlepool',
    localAuthority: 'Hartlepool',
    typologyPlace: 'Hartlepool',
    delivery:
      'Practical action on poverty through the Action Lab (Housing for Heroes, the Hartlepool Food Network, benefits advice), digital inclusion, social action leader courses and a systems-change working group.',
  },
  Lincoln: {
    place: 'Lincoln',
    localAuthority: 'Lincoln',
    typologyPlace: 'Lincoln',
    delivery:
      'Sincil Bank: a community chest decided by a resident panel, a volunteer-led newsletter, community organising training, a Good Neighbour scheme, ESOL conversation classes and steps towards a Community Land Trust.',
  },
  'N.E. Lincs': {
    place: 'East Marsh',
    localAuthority: 'North East Lincolnshire',
    typologyPlace: 'N.E. Lincs',
    members: [{ name: 'East Marsh United CLG', role: 'delivery partner' }],
    delivery:
      'Support for East Marsh United (recruitment and capacity building), activity packs for families in the pandemic, and the start of a ten-year neighbourhood plan.',
  },
  Watchet: {
    place: 'Watchet',
    typologyPlace: 'Watchet',
    lead: { name: 'Onion Collective CIC', type: 'Community interest company' },
    members: [{ name: 'Watchet Coastal Community Team', role: 'member' }],
    delivery:
      'The Watchet Coronavirus Community Help Group, a community electric car, a community-owned bookshop, a newspaper for every household, youth action and power mapping.',
  },
  'Bootle (Sefton)': {
    place: 'Bootle',
    localAuthority: 'Sefton',
    typologyPlace: 'Bootle',
    members: [{ name: 'SAFE Community Homes', type: 'Community Land Trust', role: 'member' }],
    delivery:
      'A derelict pub turned community pub and emergency hub, pathways into social enterprise, community journalists, consultation on Destination Bootle, and SAFE Community Homes.',
  },
  Hackney: {
    place: 'Hackney',
    localAuthority: 'Hackney',
    typologyPlace: 'Hackney',
    delivery:
      'Our Space in Hoxton: residents running their own projects with a workbook and code of conduct, the borough’s volunteer hub in Covid-19, and the Hoxton Conversations listening campaign.',
  },
};

/** The note on every PBSA return: its figures are the report's, its dates are not. */
export const PBSA_DATES_NOTE =
  'Demo data: the figures are the Phase 2 learning report’s; the days this return was submitted and accepted are illustrative.';

/** 'YYYY-MM-DD' plus some days. */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The seed's reason (its footnote 3), in Cairn's words. */
export const NE_LINCS_REASON =
  'Not awarded Phase 3 funding: the organisations in the partnership could not reach a decision about which of them should hold the money. ' +
  'The Alliance proposed moving away from East Marsh United as main delivery partner, East Marsh United challenged this, and the dispute could not be settled.';

const typologyLabel = (column: string, labels: string[]) => labels.find((l) => l.toLowerCase().replace(/[^a-z]+/g, '_') === column);

/** Labels for the indicator keys of pbsa-indicator-definitions.csv, in the numbers table's words. */
const PBSA_INDICATOR_LABELS: Record<string, string> = {
  volunteers: 'Volunteers',
  beneficiaries: 'Beneficiaries',
  activities: 'Activities',
  public_meetings_consultations: 'Public meetings/consultations',
};

/**
 * The four indicators and the Phase 2 returns of pbsa-phase2-in-numbers.csv, accepted as the learning
 * report published them. A `-` is not reported; the note is that reason when figures are missing, and
 * the return's comparability note (Calderdale's different window) when they are all there.
 */
function pbsaMonitoring(numbers: Record<string, string>[]): { indicators: DemoIndicator[]; periods: DemoPeriod[] } {
  const indicators = table('pbsa-indicator-definitions.csv').map((r): DemoIndicator => {
    const label = PBSA_INDICATOR_LABELS[r.indicator!];
    if (!label) throw new Error(`pbsa-indicator-definitions.csv names an indicator the demo does not label: ${r.indicator}`);
    return { key: r.indicator!, label, definition: r.definition!, unit: 'count', aggregation: 'sum', required: true };
  });
  const returns = numbers.map((row, i): DemoReturn => {
    const values = Object.fromEntries(indicators.map((ind) => [ind.key, row[ind.key] === '-' ? null : Number(row[ind.key])]));
    const missing = Object.values(values).some((v) => v === null);
    const note = row.note ?? '';
    return {
      partnership: row.partnership!,
      values,
      // Illustrative: the report gives no dates. Sent in a few days apart in February and March 2022,
      // each before the (also illustrative) due date, and accepted a week later; the review comment says so.
      submittedOn: addDays('2022-02-07', i * 5),
      reviewedOn: addDays('2022-02-14', i * 5),
      reviewComment: PBSA_DATES_NOTE,
      ...(missing ? { notReportedReason: note || 'Not reported' } : note ? { comparabilityNote: note } : {}),
    };
  });
  return {
    indicators,
    periods: [
      {
        label: 'Phase 2',
        phase: 2,
        startsOn: '2019-01-01',
        endsOn: '2022-01-31',
        // Illustrative: the seed gives no due date for Phase 2 returns; two months after the phase ended is invented.
        dueOn: '2022-03-31',
        returns,
      },
    ],
  };
}

export function pbsaProgramme(typologyLabels: string[]): DemoProgramme {
  const numbers = table('pbsa-phase2-in-numbers.csv');
  const typology = new Map(table('pbsa-typology-by-place.csv').map((r) => [r.place!, r]));
  const partnerships: DemoPartnership[] = [];
  const projects: DemoProject[] = [];
  for (const row of numbers) {
    const where = PBSA_PLACES[row.place!];
    if (!where) throw new Error(`pbsa-phase2-in-numbers.csv names a place the demo does not map: ${row.place}`);
    const name = row.partnership!;
    const notProgressed = /did not progress/i.test(row.note ?? '');
    partnerships.push({
      name,
      place: {
        name: where.place,
        nation: 'England',
        region: row.region!,
        ...(where.localAuthority ? { localAuthority: where.localAuthority } : {}),
      },
      lead: where.lead ?? { name },
      ...(where.members ? { members: where.members } : {}),
      // All ten were in the programme from its launch in 2017; the seed gives the year only, so 1 January stands in.
      inProgrammeFrom: '2017-01-01',
      progressions: {
        1: { progressed: true },
        2: notProgressed ? { progressed: false, reason: NE_LINCS_REASON } : { progressed: true },
      },
    });
    const tags = Object.entries(typology.get(where.typologyPlace) ?? {})
      .filter(([column, mark]) => column !== 'place' && mark === 'x')
      .map(([column]) => typologyLabel(column, typologyLabels) ?? column);
    // The learning report describes every partnership's Phase 2 delivery, so these are real.
    projects.push({ name: `${name} Phase 2 delivery`, description: where.delivery, partnership: name, typology: tags, provenance: 'real' });
  }
  return {
    slug: 'pbsa',
    name: 'Place Based Social Action',
    funder: 'DCMS and The National Lottery Community Fund',
    description:
      'A £4.5m, seven-year programme launched in 2017 with ten local partnerships, helping people and organisations take action together on what matters in their place.',
    // The seed gives Phase 1's start as a year only (launched 2017), so the name says the year and the
    // start date stays unset rather than inventing a day; it ended when Phase 2 began (January 2019).
    phases: [
      { number: 1, name: 'Phase 1 (launched 2017)', startsOn: null, endsOn: '2018-12-31' },
      { number: 2, name: 'Phase 2', startsOn: '2019-01-01', endsOn: '2022-01-31' },
      { number: 3, name: 'Phase 3: resilience and legacy', startsOn: '2022-02-01', endsOn: null },
    ],
    partnerships,
    projects,
    ...pbsaMonitoring(numbers),
  };
}

// ---- JRF Neighbourhood Programme ---------------------------------------------------------------

export function jrfProgramme(): DemoProgramme {
  const rows = table('jrf-neighbourhoods.csv');
  return {
    slug: 'jrf-neighbourhood',
    name: 'JRF Neighbourhood Programme',
    funder: 'Joseph Rowntree Foundation',
    description:
      'Four years of “light touch” support, from 2002, for 20 community groups in England, Scotland and Wales: facilitator time, a small credit to spend over three years, networking and help with action planning.',
    partnerships: rows.map((r) => ({
      name: r.organisation!,
      place: { name: r.town!, nation: r.nation as Nation, region: r.region ?? '' },
      // Types only where the group's own name says what it is.
      lead: { name: r.organisation!, ...(/Residents (Action )?Group/i.test(r.organisation!) ? { type: 'Residents group' } : {}) },
      description: `The neighbourhood group in ${r.town}, one of the twenty in the programme.`,
      // The programme began in 2002; the seed gives the year only, so 1 January stands in.
      inProgrammeFrom: '2002-01-01',
    })),
    projects: [],
  };
}

// ---- People and Communities Fund ---------------------------------------------------------------

interface PcfReference {
  themes: string[];
  participant_types: string[];
  coproduction_models: { number: number; name: string }[];
}

/** Places for the illustrative projects: Scottish towns, each with an invented anchor partnership. */
const PCF_PLACES = ['Dundee', 'Paisley', 'Inverness', 'Kirkcaldy', 'Ayr', 'Aberdeen'];

/** Invented, generic projects that spread the review's themes and co-production models sensibly. */
const PCF_PROJECTS: { name: string; themes: number[]; model: number }[] = [
  { name: 'Welfare rights drop-in', themes: [0], model: 1 },
  { name: 'Money advice and budgeting course', themes: [0, 1], model: 1 },
  { name: 'Digital skills for jobseekers', themes: [1], model: 2 },
  { name: 'Employability coaching and work placements', themes: [1], model: 2 },
  { name: 'Volunteer befriending network', themes: [2], model: 3 },
  { name: 'Energy advice home visits', themes: [0], model: 3 },
  { name: 'Family support and signposting hub', themes: [0, 2], model: 3 },
  { name: 'Community café volunteer pathway', themes: [2, 1], model: 4 },
  { name: 'Community garden skills project', themes: [1, 2], model: 4 },
  { name: 'Adult learning progression route', themes: [1], model: 4 },
  { name: 'Young people’s peer mentoring', themes: [2], model: 5 },
  { name: 'Volunteer to trainer programme', themes: [2, 1], model: 5 },
];

export const pcfModelLabel = (m: { number: number; name: string }) => `${m.number}. ${m.name}`;

const ILLUSTRATIVE_RETURN = 'Illustrative: invented for Cairn’s demo data; not a real PCF return.';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Three months starting `from` months after the month of `today` (negative: before), due two weeks
 * after they end, labelled "Aug to Oct 2026 (illustrative)".
 */
function quarterFrom(today: Date, from: number) {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + from, 1));
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3, 0));
  const endsOn = iso(end);
  const label = `${MONTHS[start.getUTCMonth()]} ${start.getUTCFullYear() === end.getUTCFullYear() ? '' : `${start.getUTCFullYear()} `}to ${MONTHS[end.getUTCMonth()]} ${end.getUTCFullYear()} (illustrative)`;
  return { label, startsOn: iso(start), endsOn, dueOn: addDays(endsOn, 14) };
}

/**
 * Illustrative monitoring for the PCF's illustrative partnerships, dated around the day the demo is
 * loaded so each role has something to do: two indicators; an earlier quarter, past its due date, whose
 * returns stand at every stage (submitted, accepted, sent back, imported and waiting, and two never sent:
 * overdue); and the current quarter, due in a few weeks, that nobody has started. Figures and dates are
 * invented, and every return's note says so.
 */
function pcfMonitoring(partnershipOf: (place: string) => string, today: Date): { indicators: DemoIndicator[]; periods: DemoPeriod[] } {
  const definition = (what: string) => `${what} Illustrative: invented for Cairn’s demo data.`;
  const earlier = quarterFrom(today, -4);
  const on = (days: number) => addDays(earlier.endsOn, days);
  const figures = (people: number, volunteers: number) => ({ people_supported: people, volunteers });
  const base = { comparabilityNote: ILLUSTRATIVE_RETURN };
  return {
    indicators: [
      {
        key: 'people_supported',
        label: 'People supported',
        definition: definition('People who used the anchor’s projects in the quarter, each counted once.'),
        unit: 'count',
        aggregation: 'sum',
        required: true,
      },
      {
        key: 'volunteers',
        label: 'Volunteers',
        definition: definition('People who gave time unpaid in the quarter.'),
        unit: 'count',
        aggregation: 'sum',
        required: true,
      },
    ],
    periods: [
      {
        ...earlier,
        returns: [
          { ...base, partnership: partnershipOf('Dundee'), values: figures(212, 31), status: 'submitted', submittedOn: on(7) },
          {
            ...base,
            partnership: partnershipOf('Paisley'),
            values: figures(148, 22),
            status: 'accepted',
            submittedOn: on(5),
            reviewedOn: on(12),
          },
          {
            ...base,
            partnership: partnershipOf('Inverness'),
            values: figures(96, 540),
            status: 'returned',
            submittedOn: on(9),
            reviewedOn: on(16),
            reviewComment:
              'Illustrative: 540 volunteers for 96 people supported looks like a typing slip (54?). Please check it against your register.',
          },
          {
            ...base,
            partnership: partnershipOf('Kirkcaldy'),
            values: figures(175, 27),
            status: 'submitted',
            via: 'import',
            submittedOn: on(13),
          },
        ],
      },
      { ...quarterFrom(today, -1), returns: [] },
    ],
  };
}

export function pcfProgramme(today = new Date()): DemoProgramme {
  const ref = JSON.parse(reference('pcf-realist-evaluation.json')) as PcfReference;
  const models = ref.coproduction_models.map(pcfModelLabel);
  const partnershipOf = (i: number) => `${PCF_PLACES[Math.floor(i / 2)]} community anchor partnership`;
  return {
    slug: 'pcf',
    name: 'People and Communities Fund',
    funder: 'Scottish Government',
    description:
      'Scotland: funds Community Anchor organisations to tackle poverty and social exclusion through community engagement and co-production. ' +
      'The partnerships and projects in this demo are illustrative; they are not the twelve projects of the review.',
    vocabularies: { theme: ref.themes, coproduction_model: models, participant_type: ref.participant_types },
    partnerships: PCF_PLACES.map((place, i) => ({
      name: partnershipOf(i * 2),
      place: { name: place, nation: 'Scotland', region: '' },
      description: 'Illustrative: invented for Cairn’s demo data, not a real PCF partnership.',
      // Illustrative, like the partnership: in the programme since April 2024.
      inProgrammeFrom: '2024-04-01',
    })),
    projects: PCF_PROJECTS.map((p, i) => ({
      name: p.name,
      description: 'Illustrative: invented for Cairn’s demo data to show themes and co-production models; not a real PCF project.',
      partnership: partnershipOf(i),
      themes: p.themes.map((t) => ref.themes[t]!),
      coproductionModel: models[p.model - 1]!,
      provenance: 'illustrative',
    })),
    ...pcfMonitoring((place) => `${place} community anchor partnership`, today),
  };
}
