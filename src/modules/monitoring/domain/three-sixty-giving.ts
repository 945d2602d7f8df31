/**
 * A programme's grants in the 360Giving Data Standard, the format UK funders publish grants in:
 * spreadsheet rows under the standard's column titles, and the JSON package `{ grants: [...] }`.
 * Only the fields Cairn holds are filled; every one the standard requires is among them.
 */
import { csvOf } from '../../../spreadsheet/write.js';

export interface GrantToPublish {
  /** Cairn's own id for the grant; the published identifier is the funder's prefix, a dash, then this. */
  id: string;
  title: string;
  /** The standard requires a description; when a grant has none its title stands in. */
  description?: string | null;
  /** Whole pence, as Cairn stores money. */
  amountPence: number;
  currency: 'GBP';
  awardedOn: string;
  startsOn?: string | null;
  endsOn?: string | null;
  recipient: { id: string; name: string; identifiers: readonly string[] };
  funder: { name: string; identifier: string };
  programmeName?: string | null;
}

export interface PublishOptions {
  /** The funder's 360Giving prefix, such as 360G-cairn-pbsa. */
  prefix: string;
}

export const THREE_SIXTY_GIVING_COLUMNS = [
  'Identifier',
  'Title',
  'Description',
  'Currency',
  'Amount Awarded',
  'Award Date',
  'Planned Dates:Start Date',
  'Planned Dates:End Date',
  'Recipient Org:Identifier',
  'Recipient Org:Name',
  'Funding Org:Identifier',
  'Funding Org:Name',
  'Grant Programme:Title',
] as const;

export type ThreeSixtyGivingColumn = (typeof THREE_SIXTY_GIVING_COLUMNS)[number];
export type ThreeSixtyGivingRow = Record<ThreeSixtyGivingColumn, string>;

export interface ThreeSixtyGivingGrant {
  id: string;
  title: string;
  description: string;
  currency: string;
  amountAwarded: number;
  awardDate: string;
  plannedDates?: { startDate?: string; endDate?: string }[];
  recipientOrganization: { id: string; name: string }[];
  fundingOrganization: { id: string; name: string }[];
  grantProgramme?: { title: string }[];
}

const PREFIX = /^360G-[A-Za-z0-9][A-Za-z0-9_-]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whole pence as pounds written out exactly, by integer arithmetic: 123450 → "1234.50", 500000 → "5000". */
export function penceAsPounds(pence: number): string {
  if (!Number.isSafeInteger(pence) || pence < 0) throw new Error(`${pence} is not a whole, non-negative number of pence`);
  const pounds = Math.floor(pence / 100);
  const rest = pence % 100;
  return rest === 0 ? String(pounds) : `${pounds}.${String(rest).padStart(2, '0')}`;
}

/**
 * The recipient's identifier. An org-id from a public register (GB-CHC-…, GB-COH-…) is what lets
 * readers join grants from different funders, so it comes first; then an identifier another funder
 * already minted under 360G; and only when there is neither does the funder mint one from its own
 * prefix, as the standard allows: `<prefix>-org-<Cairn's organisation id>`.
 */
export function recipientIdentifier(recipient: GrantToPublish['recipient'], prefix: string): string {
  const registered = recipient.identifiers.find((i) => !/^360G-/i.test(i));
  return registered ?? recipient.identifiers[0] ?? `${prefix}-org-${recipient.id}`;
}

/** The grant's published identifier: it must start with the funder's prefix, so the prefix is added unless already there. */
export function grantIdentifier(grantId: string, prefix: string): string {
  return grantId.startsWith(`${prefix}-`) ? grantId : `${prefix}-${grantId}`;
}

function checked(grants: readonly GrantToPublish[], options: PublishOptions): void {
  if (!PREFIX.test(options.prefix)) {
    throw new Error(`${options.prefix} is not a 360Giving prefix: it starts 360G- and goes on with letters, digits, - or _`);
  }
  for (const g of grants) {
    const where = `Grant ${g.id}`;
    if (!g.title.trim()) throw new Error(`${where}: a title is required`);
    if (!g.funder.identifier.trim() || !g.funder.name.trim()) throw new Error(`${where}: the funder's name and identifier are required`);
    if (!g.recipient.name.trim()) throw new Error(`${where}: the recipient's name is required`);
    for (const [field, date] of [
      ['award date', g.awardedOn],
      ['start date', g.startsOn],
      ['end date', g.endsOn],
    ] as const) {
      if (date != null && !DATE.test(date)) throw new Error(`${where}: the ${field} ${date} is not a YYYY-MM-DD date`);
    }
    penceAsPounds(g.amountPence);
  }
}

const descriptionOf = (g: GrantToPublish) => (g.description?.trim() ? g.description.trim() : g.title);

/** The grants as rows of the 360Giving spreadsheet, one per grant, keyed by the standard's column titles. */
export function threeSixtyGivingRows(grants: readonly GrantToPublish[], options: PublishOptions): ThreeSixtyGivingRow[] {
  checked(grants, options);
  return grants.map((g) => ({
    Identifier: grantIdentifier(g.id, options.prefix),
    Title: g.title,
    Description: descriptionOf(g),
    Currency: g.currency,
    'Amount Awarded': penceAsPounds(g.amountPence),
    'Award Date': g.awardedOn,
    'Planned Dates:Start Date': g.startsOn ?? '',
    'Planned Dates:End Date': g.endsOn ?? '',
    'Recipient Org:Identifier': recipientIdentifier(g.recipient, options.prefix),
    'Recipient Org:Name': g.recipient.name,
    'Funding Org:Identifier': g.funder.identifier,
    'Funding Org:Name': g.funder.name,
    'Grant Programme:Title': g.programmeName?.trim() ?? '',
  }));
}

/** The spreadsheet as CSV text: the header row of column titles, then a row per grant. */
export function threeSixtyGivingCsv(grants: readonly GrantToPublish[], options: PublishOptions): string {
  const rows = threeSixtyGivingRows(grants, options);
  return csvOf([[...THREE_SIXTY_GIVING_COLUMNS], ...rows.map((r) => THREE_SIXTY_GIVING_COLUMNS.map((c) => r[c]))]);
}

/**
 * The JSON package. Organisations, dates and programmes are arrays in the standard's schema, each
 * holding one entry here; a field Cairn has no value for is left out rather than sent empty.
 */
export function threeSixtyGivingPackage(grants: readonly GrantToPublish[], options: PublishOptions): { grants: ThreeSixtyGivingGrant[] } {
  checked(grants, options);
  return {
    grants: grants.map((g) => {
      const grant: ThreeSixtyGivingGrant = {
        id: grantIdentifier(g.id, options.prefix),
        title: g.title,
        description: descriptionOf(g),
        currency: g.currency,
        amountAwarded: Number(penceAsPounds(g.amountPence)),
        awardDate: g.awardedOn,
        recipientOrganization: [{ id: recipientIdentifier(g.recipient, options.prefix), name: g.recipient.name }],
        fundingOrganization: [{ id: g.funder.identifier, name: g.funder.name }],
      };
      if (g.startsOn || g.endsOn) {
        grant.plannedDates = [{ ...(g.startsOn ? { startDate: g.startsOn } : {}), ...(g.endsOn ? { endDate: g.endsOn } : {}) }];
      }
      if (g.programmeName?.trim()) grant.grantProgramme = [{ title: g.programmeName.trim() }];
      return grant;
    }),
  };
}
