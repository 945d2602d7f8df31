/**
 * A programme's grants as 360Giving Data Standard CSV or JSON, the format UK funders publish grants in.
 * Loading and access are here; the mapping is domain/three-sixty-giving.ts.
 */
import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../../db/database.js';
import { Forbidden, Invalid } from '../../../errors.js';
import { grants } from '../../grants/schema.js';
import { organisations } from '../../organisations/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { type GrantToPublish, threeSixtyGivingCsv, threeSixtyGivingPackage } from '../domain/three-sixty-giving.js';

/**
 * Stands in until the funder registers its own prefix with 360Giving: data published for real must use
 * the registered prefix (and the funder's real org-id), or readers cannot tell whose grants these are.
 */
export const defaultPrefix = (slug: string) => `360G-cairn-${slug}`;
/** Likewise a stand-in for the funder's org-id (GB-CHC-…, GB-GOR-…), minted under the prefix as the standard allows. */
export const defaultFunderId = (prefix: string) => `${prefix}-funder`;

export interface ExportOptions {
  prefix?: string | undefined;
  funderId?: string | undefined;
}

/** Publishing covers the whole programme's grants, so it is for programme roles, not partnership members. */
export function requireProgrammeRole(ctx: ProgrammeContext): void {
  if (ctx.access.scope !== 'programme') {
    throw new Forbidden('Publishing grants data covers the whole programme, so it is for programme staff, not partnership members.');
  }
}

async function grantsToPublish(db: Queryable, ctx: ProgrammeContext, funderId: string): Promise<GrantToPublish[]> {
  const rows = await db
    .select({ g: grants, recipient: { id: organisations.id, name: organisations.name, identifiers: organisations.identifiers } })
    .from(grants)
    .innerJoin(organisations, eq(organisations.id, grants.recipientOrganisationId))
    .where(eq(grants.programmeId, ctx.programme.id))
    .orderBy(asc(grants.awardedOn), asc(grants.title), asc(grants.id));
  return rows.map(({ g, recipient }) => ({
    id: g.id,
    title: g.title,
    amountPence: g.amountPence,
    currency: 'GBP',
    // The standard requires an award date; a grant without one is stopped by the check below.
    awardedOn: g.awardedOn ?? '',
    startsOn: g.startsOn,
    endsOn: g.endsOn,
    recipient,
    funder: { name: ctx.programme.funder, identifier: funderId },
    programmeName: ctx.programme.name,
  }));
}

/**
 * The domain names a bad grant by its id; here it is named by title too, and the fix is said in the
 * words of Cairn's forms. Nothing is published while any grant is wrong.
 */
function publishable(list: GrantToPublish[], ctx: ProgrammeContext) {
  const errors = list.flatMap((g, i) => {
    const where = ['grants', i];
    if (!g.awardedOn)
      return [{ path: [...where, 'awardedOn'], message: `The grant “${g.title}” has no award date, which 360Giving requires` }];
    return [];
  });
  if (list.length && !ctx.programme.funder.trim()) {
    errors.push({ path: ['funder'], message: 'The programme has no funder named: set it on the programme before publishing' });
  }
  if (errors.length) throw new Invalid(`These grants cannot be published yet: ${errors.map((e) => e.message).join('; ')}.`, errors);
}

function run<T>(list: GrantToPublish[], make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    const hit = list.find((g) => err.message.startsWith(`Grant ${g.id}:`));
    const message = hit
      ? `The grant “${hit.title}” (${hit.id}) cannot be published:${err.message.slice(`Grant ${hit.id}:`.length)}`
      : err.message;
    throw new Invalid(message, [{ path: hit ? ['grants', hit.id] : ['prefix'], message }]);
  }
}

async function prepared(db: Queryable, ctx: ProgrammeContext, options: ExportOptions) {
  requireProgrammeRole(ctx);
  const prefix = options.prefix?.trim() || defaultPrefix(ctx.programme.slug);
  const list = await grantsToPublish(db, ctx, options.funderId?.trim() || defaultFunderId(prefix));
  publishable(list, ctx);
  return { list, prefix };
}

export async function grantsAs360GivingCsv(db: Queryable, ctx: ProgrammeContext, options: ExportOptions = {}): Promise<string> {
  const { list, prefix } = await prepared(db, ctx, options);
  return run(list, () => threeSixtyGivingCsv(list, { prefix }));
}

export async function grantsAs360GivingPackage(db: Queryable, ctx: ProgrammeContext, options: ExportOptions = {}) {
  const { list, prefix } = await prepared(db, ctx, options);
  return run(list, () => threeSixtyGivingPackage(list, { prefix }));
}
