import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { type FieldError, Invalid, NotFound } from '../../../errors.js';
import type { Caller } from '../../access/access.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { partnerships } from '../../partnerships/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { balances, transferAmountPence } from '../domain/ledger.js';
import { allowanceDayHundredths, settingsOf } from '../providers/allowances.js';
import { supportAllowances, supportProviders } from '../providers/schema.js';
import { requireCanLogSupport } from '../providers/service.js';
import { type CREDIT_KINDS, supportContacts, supportCredit } from './schema.js';

export interface ContactInput {
  partnershipId: string;
  providerId?: string | null | undefined;
  contactOn: string;
  minutes: number;
  type: string;
  topic?: string | undefined;
  notes?: string | undefined;
}

export type CreditKind = (typeof CREDIT_KINDS)[number];

export interface CreditInput {
  partnershipId: string;
  kind: CreditKind;
  entryOn: string;
  /** For spends and commitments. */
  amountPence?: number | undefined;
  /** For transfers: days in hundredths; the amount is these days at the day rate. */
  dayHundredths?: number | undefined;
  commitmentId?: string | null | undefined;
  purpose?: string | undefined;
  approvedBy?: string | undefined;
}

const refuse = (errors: FieldError[]) => {
  if (errors.length) throw new Invalid(`${errors.map((e) => e.message).join('. ')}.`, errors);
};

const longDate = (iso: string) =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "Outside the support period" in words, or null when the date is inside it (or there is no allowance). */
export function outsidePeriod(date: string, allowance: { startOn: string; endOn: string } | undefined): string | null {
  if (!allowance || (date >= allowance.startOn && date <= allowance.endOn)) return null;
  return `The date must be within the support period, ${longDate(allowance.startOn)} to ${longDate(allowance.endOn)}`;
}

async function partnershipOf(db: Queryable, ctx: ProgrammeContext, partnershipId: string) {
  const [p] = await db
    .select({ id: partnerships.id, name: partnerships.name })
    .from(partnerships)
    .where(and(eq(partnerships.id, partnershipId), eq(partnerships.programmeId, ctx.programme.id)));
  if (!p)
    throw new Invalid('That partnership is not in this programme.', [
      { path: ['partnershipId'], message: 'Choose a partnership in this programme' },
    ]);
  const [allowance] = await db.select().from(supportAllowances).where(eq(supportAllowances.partnershipId, p.id));
  return { ...p, allowance };
}

/**
 * The provider a contact is logged against: the one named (of this programme), or else the caller's
 * own (a facilitator's account linked to a provider). A facilitator may log only as themselves.
 */
async function providerFor(db: Queryable, ctx: ProgrammeContext, caller: Caller, providerId: string | null | undefined) {
  const own = await db
    .select({ id: supportProviders.id, name: supportProviders.name, role: supportProviders.role })
    .from(supportProviders)
    .where(and(eq(supportProviders.programmeId, ctx.programme.id), eq(supportProviders.userId, caller.userId)));
  if (!providerId) {
    return own.find((p) => p.role === 'facilitator') ?? own[0] ?? null;
  }
  const [p] = await db
    .select({ id: supportProviders.id, name: supportProviders.name, role: supportProviders.role })
    .from(supportProviders)
    .where(and(eq(supportProviders.id, providerId), eq(supportProviders.programmeId, ctx.programme.id)));
  if (!p) refuse([{ path: ['providerId'], message: 'Choose a support provider in this programme' }]);
  if (!ctx.access.canManage && !own.some((o) => o.id === p!.id))
    refuse([{ path: ['providerId'], message: 'A facilitator logs support as themselves: choose your own name' }]);
  return p!;
}

const contactAudit = (c: typeof supportContacts.$inferSelect) => ({
  contactOn: c.contactOn,
  minutes: c.minutes,
  type: c.type,
  topic: c.topic,
  notes: c.notes,
  providerId: c.providerId,
});

export async function logContact(db: Db, ctx: ProgrammeContext, caller: Caller, actor: Actor, input: ContactInput) {
  const p = await partnershipOf(db, ctx, input.partnershipId);
  await requireCanLogSupport(db, ctx, caller, p.id);
  const provider = await providerFor(db, ctx, caller, input.providerId);
  const errors: FieldError[] = [];
  const outside = outsidePeriod(input.contactOn, p.allowance);
  if (outside) errors.push({ path: ['contactOn'], message: outside });
  if (!Number.isInteger(input.minutes) || input.minutes < 0)
    errors.push({ path: ['minutes'], message: 'Enter the time as a positive number of hours and minutes, or days' });
  refuse(errors);
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(supportContacts)
      .values({
        programmeId: ctx.programme.id,
        partnershipId: p.id,
        providerId: provider?.id ?? null,
        contactOn: input.contactOn,
        minutes: input.minutes,
        type: input.type.trim(),
        topic: input.topic ?? '',
        notes: input.notes ?? '',
        loggedBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'partnership-support',
      entityId: p.id,
      action: 'contact-log',
      summary: `Logged a contact with ${p.name} on ${longDate(c!.contactOn)}`,
      after: contactAudit(c!),
    });
    return { id: c!.id };
  });
}

export async function deleteContact(db: Db, ctx: ProgrammeContext, caller: Caller, actor: Actor, contactId: string) {
  const [c] = await db
    .select()
    .from(supportContacts)
    .where(and(eq(supportContacts.id, contactId), eq(supportContacts.programmeId, ctx.programme.id)));
  if (!c) throw new NotFound('That contact');
  await requireCanLogSupport(db, ctx, caller, c.partnershipId);
  await db.transaction(async (tx) => {
    await tx.delete(supportContacts).where(eq(supportContacts.id, c.id));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'partnership-support',
      entityId: c.partnershipId,
      action: 'contact-delete',
      summary: `Removed a contact of ${longDate(c.contactOn)}`,
      before: contactAudit(c),
    });
  });
}

const visible = (ctx: ProgrammeContext, partnershipId?: string) => {
  const mine = ctx.access.scope === 'partnership' ? ctx.access.partnershipIds : null;
  if (partnershipId && mine && !mine.includes(partnershipId)) throw new NotFound('That partnership');
  return partnershipId ? [partnershipId] : mine;
};

/** Contacts, newest first: one partnership's, or every visible one's. */
export async function listContacts(db: Queryable, ctx: ProgrammeContext, partnershipId?: string) {
  const ids = visible(ctx, partnershipId);
  return db
    .select({
      id: supportContacts.id,
      partnershipId: supportContacts.partnershipId,
      partnershipName: partnerships.name,
      providerName: supportProviders.name,
      contactOn: supportContacts.contactOn,
      minutes: supportContacts.minutes,
      type: supportContacts.type,
      topic: supportContacts.topic,
      notes: supportContacts.notes,
    })
    .from(supportContacts)
    .innerJoin(partnerships, eq(partnerships.id, supportContacts.partnershipId))
    .leftJoin(supportProviders, eq(supportProviders.id, supportContacts.providerId))
    .where(and(eq(supportContacts.programmeId, ctx.programme.id), ids ? inArray(supportContacts.partnershipId, ids) : undefined))
    .orderBy(desc(supportContacts.contactOn), desc(supportContacts.createdAt))
    .limit(500);
}

export async function listCredit(db: Queryable, ctx: ProgrammeContext, partnershipId?: string) {
  const ids = visible(ctx, partnershipId);
  return db
    .select({
      id: supportCredit.id,
      partnershipId: supportCredit.partnershipId,
      partnershipName: partnerships.name,
      kind: supportCredit.kind,
      entryOn: supportCredit.entryOn,
      amountPence: supportCredit.amountPence,
      dayHundredths: supportCredit.dayHundredths,
      commitmentId: supportCredit.commitmentId,
      purpose: supportCredit.purpose,
      approvedBy: supportCredit.approvedBy,
    })
    .from(supportCredit)
    .innerJoin(partnerships, eq(partnerships.id, supportCredit.partnershipId))
    .where(and(eq(supportCredit.programmeId, ctx.programme.id), ids ? inArray(supportCredit.partnershipId, ids) : undefined))
    .orderBy(desc(supportCredit.entryOn), desc(supportCredit.createdAt))
    .limit(500);
}

const creditAudit = (c: typeof supportCredit.$inferSelect) => ({
  kind: c.kind,
  entryOn: c.entryOn,
  amount: c.amountPence / 100,
  days: c.dayHundredths === null ? null : c.dayHundredths / 100,
  purpose: c.purpose,
  approvedBy: c.approvedBy,
});

const pounds = (pence: number) => `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export async function recordCredit(db: Db, ctx: ProgrammeContext, caller: Caller, actor: Actor, input: CreditInput) {
  const p = await partnershipOf(db, ctx, input.partnershipId);
  await requireCanLogSupport(db, ctx, caller, p.id);
  const errors: FieldError[] = [];
  const outside = outsidePeriod(input.entryOn, p.allowance);
  if (outside) errors.push({ path: ['entryOn'], message: outside });
  const transfer = input.kind === 'from_days' || input.kind === 'to_days';
  let amountPence = input.amountPence ?? 0;
  if (transfer) {
    if (!p.allowance)
      errors.push({ path: ['kind'], message: 'Set the partnership’s allowance, with its day rate, before trading days and credit' });
    if (!input.dayHundredths || input.dayHundredths <= 0) errors.push({ path: ['days'], message: 'Enter the days to trade, more than 0' });
    else if (p.allowance) amountPence = transferAmountPence(input.dayHundredths, p.allowance.dayRatePence);
  } else if (!Number.isInteger(input.amountPence) || (input.amountPence ?? 0) <= 0) {
    errors.push({ path: ['amount'], message: 'Enter the amount in pounds, more than £0' });
  }
  if (input.commitmentId) {
    const [c] = await db
      .select({ id: supportCredit.id })
      .from(supportCredit)
      .where(and(eq(supportCredit.id, input.commitmentId), eq(supportCredit.partnershipId, p.id), eq(supportCredit.kind, 'commitment')));
    if (!c || input.kind !== 'spend')
      errors.push({ path: ['commitmentId'], message: 'Choose one of this partnership’s commitments for a spend to settle' });
  }
  refuse(errors);
  return db.transaction(async (tx) => {
    if (transfer && p.allowance) {
      // A trade cannot take more than is left on the side it comes from.
      const settings = await settingsOf(tx, ctx.programme.id);
      const [cs, es] = await Promise.all([
        tx
          .select({ contactOn: supportContacts.contactOn, minutes: supportContacts.minutes })
          .from(supportContacts)
          .where(eq(supportContacts.partnershipId, p.id)),
        tx.select().from(supportCredit).where(eq(supportCredit.partnershipId, p.id)),
      ]);
      const b = balances(
        { dayHundredths: allowanceDayHundredths(p.allowance), creditAllowedPence: p.allowance.creditAllowedPence },
        cs,
        es,
        settings.minutesPerDay,
      );
      if (input.kind === 'from_days' && b.daysLeft.n * 100n < BigInt(input.dayHundredths!) * b.daysLeft.d)
        refuse([
          {
            path: ['days'],
            message: `Only ${(Number(b.daysLeft.n) / Number(b.daysLeft.d)).toFixed(2)} facilitator days are left to trade`,
          },
        ]);
      if (input.kind === 'to_days' && b.creditLeftPence < amountPence)
        refuse([{ path: ['days'], message: `Only ${pounds(Math.max(0, b.creditLeftPence))} of credit is left to trade` }]);
    }
    const [c] = await tx
      .insert(supportCredit)
      .values({
        programmeId: ctx.programme.id,
        partnershipId: p.id,
        kind: input.kind,
        entryOn: input.entryOn,
        amountPence,
        dayHundredths: transfer ? input.dayHundredths! : null,
        commitmentId: input.commitmentId ?? null,
        purpose: input.purpose ?? '',
        approvedBy: input.approvedBy ?? '',
        loggedBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'partnership-support',
      entityId: p.id,
      action: 'credit-record',
      summary: `Recorded ${pounds(amountPence)} of credit (${input.kind.replace('_', ' ')}) for ${p.name}`,
      after: creditAudit(c!),
    });
    return { id: c!.id, amountPence };
  });
}

export async function deleteCredit(db: Db, ctx: ProgrammeContext, caller: Caller, actor: Actor, creditId: string) {
  const [c] = await db
    .select()
    .from(supportCredit)
    .where(and(eq(supportCredit.id, creditId), eq(supportCredit.programmeId, ctx.programme.id)));
  if (!c) throw new NotFound('That credit entry');
  await requireCanLogSupport(db, ctx, caller, c.partnershipId);
  await db.transaction(async (tx) => {
    await tx.update(supportCredit).set({ commitmentId: null }).where(eq(supportCredit.commitmentId, c.id));
    await tx.delete(supportCredit).where(eq(supportCredit.id, c.id));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'partnership-support',
      entityId: c.partnershipId,
      action: 'credit-delete',
      summary: `Removed a credit entry of ${pounds(c.amountPence)}`,
      before: creditAudit(c),
    });
  });
}
