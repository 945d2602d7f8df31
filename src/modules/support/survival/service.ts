/**
 * Survival across a programme (issue 16, point 8): the supported groups are the lead organisations of
 * the programme's partnerships that have a support allowance (of every partnership with a lead when
 * none has an allowance yet); their lifecycle statuses come from the registry (organisations module).
 */
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../../../db/database.js';
import { statusHistories } from '../../organisations/service.js';
import { todayIso } from '../../partnerships/membership.js';
import { partnerships } from '../../partnerships/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { survivalTable } from '../domain/survival.js';
import { supportAllowances } from '../providers/schema.js';

export async function supportSurvival(db: Queryable, ctx: ProgrammeContext, asOf = todayIso()) {
  const leads = await db
    .select({ partnership: partnerships.name, organisationId: partnerships.leadOrganisationId, supported: supportAllowances.partnershipId })
    .from(partnerships)
    .leftJoin(supportAllowances, eq(supportAllowances.partnershipId, partnerships.id))
    .where(and(eq(partnerships.programmeId, ctx.programme.id), isNotNull(partnerships.leadOrganisationId)))
    .orderBy(asc(partnerships.name));
  const chosen = leads.some((l) => l.supported) ? leads.filter((l) => l.supported) : leads;
  const histories = await statusHistories(
    db,
    ctx,
    chosen.map((l) => l.organisationId!),
  );
  const byId = new Map(histories.map((h) => [h.id, h]));
  const table = survivalTable(
    chosen.flatMap((l) => {
      const h = byId.get(l.organisationId!);
      return h ? [{ organisation: h.name, statuses: h.statuses }] : [];
    }),
    asOf,
  );
  const partnershipOf = new Map(chosen.map((l) => [byId.get(l.organisationId!)?.name, l.partnership]));
  return { ...table, rows: table.rows.map((r) => ({ ...r, partnership: partnershipOf.get(r.organisation) ?? '' })) };
}
