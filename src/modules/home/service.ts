/**
 * A person's home page: what each of their roles has to do next, composed from the modules' own
 * functions, each called with the caller's access to that programme, so nobody sees past their scope.
 */
import type { Db } from '../../db/database.js';
import type { Caller } from '../access/access.js';
import { listPendingInvitations } from '../accounts/service.js';
import type { ProgrammeRole } from '../accounts/schema.js';
import { codingToDo } from '../evaluation/evaluations/tasks.js';
import { listPeriods } from '../monitoring/periods/service.js';
import { expectedReturns } from '../monitoring/completeness/service.js';
import { returnsAwaitingReview, reviewCommentsOf } from '../monitoring/returns/tasks.js';
import { todayIso } from '../partnerships/membership.js';
import { type ProgrammeContext, programmesOf } from '../programmes/context.js';
import { nothingToDo, returnTasks } from './domain.js';

const programmeRef = (ctx: ProgrammeContext) => ({ slug: ctx.programme.slug, name: ctx.programme.name });

/** Which role the person holds in a programme, for the page's list of where to go. */
function roleIn(caller: Caller, ctx: ProgrammeContext): ProgrammeRole | 'partnership_member' {
  return caller.programmeRoles.get(ctx.programme.id) ?? 'partnership_member';
}

export async function homeFor(db: Db, caller: Caller, today = todayIso()) {
  const programmes = await programmesOf(db, caller);
  const [returns, review, evaluation, invitations] = await Promise.all([
    memberSection(db, caller, programmes, today),
    managerSection(db, caller, programmes),
    evaluatorSection(db, caller, programmes),
    caller.isAdmin ? invitationSection(db) : Promise.resolve(null),
  ]);
  const sections = { returns, review, evaluation, invitations };
  return {
    name: caller.name,
    isAdmin: caller.isAdmin,
    programmes: programmes.map((ctx) => ({ ...programmeRef(ctx), role: roleIn(caller, ctx) })),
    ...sections,
    nothingToDo: nothingToDo(sections),
  };
}

/**
 * A partnership member's returns due, overdue or sent back, across every partnership they belong to:
 * which returns are owed, and which are overdue, is the completeness rule's (../monitoring/completeness/).
 */
async function memberSection(db: Db, caller: Caller, programmes: ProgrammeContext[], today: string) {
  const mine = programmes
    .map((ctx) => ({ ctx, ids: [...caller.partnerships].filter(([, p]) => p === ctx.programme.id).map(([id]) => id) }))
    .filter((x) => x.ids.length > 0);
  if (mine.length === 0) return null;
  const perProgramme = await Promise.all(
    mine.map(async ({ ctx, ids }) => {
      const tasks = returnTasks(await expectedReturns(db, ctx, { partnershipIds: ids, today }), today);
      const sentBack = tasks.filter((t) => t.status === 'returned' && t.returnId).map((t) => t.returnId!);
      const comments = await reviewCommentsOf(db, ctx, sentBack);
      return tasks.map((t) => ({
        programme: programmeRef(ctx),
        ...t,
        reviewComment: (t.returnId && comments.get(t.returnId)) || '',
      }));
    }),
  );
  return perProgramme.flat();
}

/** A programme manager's: returns waiting for review, partnerships overdue by period, imports to accept. */
async function managerSection(db: Db, caller: Caller, programmes: ProgrammeContext[]) {
  const managed = programmes.filter((ctx) => caller.programmeRoles.get(ctx.programme.id) === 'programme_manager');
  if (managed.length === 0) return null;
  return Promise.all(
    managed.map(async (ctx) => {
      // The periods list counts overdue partnerships by the completeness rule (periodCompletenessOf).
      const [waiting, periods] = await Promise.all([
        returnsAwaitingReview(db, ctx),
        listPeriods(db, ctx, { page: 1, pageSize: 200, q: undefined }),
      ]);
      return {
        programme: programmeRef(ctx),
        submitted: waiting?.submitted ?? { total: 0, returns: [] },
        overdue: periods.rows
          .filter((p) => p.overdue > 0)
          .map((p) => ({ period: { id: p.id, label: p.label, dueOn: p.dueOn }, partnerships: p.overdue })),
        imported: waiting?.imported ?? [],
      };
    }),
  );
}

/** An evaluator's: their evaluations, with the coding left to do and agreement checks under way. */
async function evaluatorSection(db: Db, caller: Caller, programmes: ProgrammeContext[]) {
  const evaluated = programmes.filter((ctx) => caller.programmeRoles.get(ctx.programme.id) === 'evaluator');
  if (evaluated.length === 0) return null;
  return Promise.all(
    evaluated.map(async (ctx) => ({ programme: programmeRef(ctx), evaluations: (await codingToDo(db, ctx, caller.userId)) ?? [] })),
  );
}

/** An administrator's: invitations not yet accepted and still usable, and how many ran out unused. */
async function invitationSection(db: Db) {
  const all = await listPendingInvitations(db);
  return {
    outstanding: all
      .filter((i) => !i.expired)
      .map((i) => ({ id: i.id, name: i.name, email: i.email, programme: i.programme, role: i.role, expiresAt: i.expiresAt })),
    expired: all.filter((i) => i.expired).length,
  };
}
