/**
 * Support demo data (issue 16, point 11), illustrative throughout: the seeds give the JRF programme's
 * ranges (15–30 facilitator days over three years, £5,000–£10,000 of credit, two networking events a
 * year, about £7,500 per neighbourhood per year, four of twenty not surviving in their original form)
 * but not each group's figures, nor which four. So each group's allowance, contacts, spends and
 * attendance here are invented within those ranges, deterministically, to land near £7,500 a year; the
 * four endings follow the seed's words (one wound up because its job was done, one replaced by a
 * broader body, two closed under internal and external pressures) on groups chosen for the demo.
 * PBSA's learning partner (Renaisi) and support contractor (Locality, NEF and Co-operatives UK) are the
 * report's; its relationship managers are named by the places they cover, not by person.
 */
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import { users } from '../accounts/schema.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import { organisationStatuses } from '../organisations/schema.js';
import { partnerships } from '../partnerships/schema.js';
import { programmes } from '../programmes/schema.js';
import { supportAttendance, supportContacts, supportCredit, supportEvents } from '../support/log/schema.js';
import { supportAllowances, supportAssignments, supportProviders } from '../support/providers/schema.js';

const ILLUSTRATIVE = 'Illustrative: invented for Cairn’s demo within the seed’s ranges.';
const START = '2002-04-01';
const END = '2005-03-31';
const DAY_RATE = 72_500;

/** A small deterministic generator, so the demo is the same every time. */
function numbers(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const ENDINGS: Record<number, { status: 'merged' | 'wound_up'; on: string; reason: string }> = {
  3: { status: 'wound_up', on: '2004-11-30', reason: 'Wound up because it had done its job (illustrative choice of group)' },
  8: { status: 'merged', on: '2004-06-30', reason: 'Replaced by a new, broader neighbourhood organisation (illustrative choice of group)' },
  12: { status: 'wound_up', on: '2003-12-31', reason: 'Closed under internal and external pressures (illustrative choice of group)' },
  17: { status: 'wound_up', on: '2004-03-31', reason: 'Closed under internal and external pressures (illustrative choice of group)' },
};

const EVENTS = [
  ['Spring networking event 2002', '2002-05-18', 'Birmingham'],
  ['Autumn networking event 2002', '2002-10-19', 'York'],
  ['Spring networking event 2003', '2003-04-26', 'Glasgow'],
  ['Autumn networking event 2003', '2003-10-11', 'Cardiff'],
  ['Spring networking event 2004', '2004-05-15', 'Manchester'],
  ['Autumn networking event 2004', '2004-10-16', 'Bristol'],
] as const;

const isoPlus = (start: string, days: number) => new Date(Date.parse(start) + days * 86_400_000).toISOString().slice(0, 10);

export async function loadSupportDemo(tx: Tx, actor: Actor): Promise<void> {
  const [jrf] = await tx.select().from(programmes).where(eq(programmes.slug, 'jrf-neighbourhood'));
  if (jrf) await loadJrf(tx, actor, jrf.id);
  const [pbsa] = await tx.select().from(programmes).where(eq(programmes.slug, 'pbsa'));
  if (pbsa) await loadPbsa(tx, actor, pbsa.id);
}

async function loadJrf(tx: Tx, actor: Actor, programmeId: string) {
  const groups = await tx.select().from(partnerships).where(eq(partnerships.programmeId, programmeId)).orderBy(partnerships.createdAt);
  const [already] = await tx.select().from(supportAllowances).where(eq(supportAllowances.programmeId, programmeId)).limit(1);
  if (already || groups.length === 0) return;
  const [account] = await tx.select({ id: users.id }).from(users).where(eq(users.email, 'facilitator@cairn-demo.example'));
  // Four independent facilitators, each with five groups; the demo facilitator account is the first.
  const facilitators = [];
  for (let i = 0; i < 4; i++) {
    const [f] = await tx
      .insert(supportProviders)
      .values({
        programmeId,
        role: 'facilitator',
        name: `JRF facilitator ${i + 1} (illustrative)`,
        email: i === 0 ? 'facilitator@cairn-demo.example' : '',
        userId: i === 0 ? (account?.id ?? null) : null,
        notes: ILLUSTRATIVE,
      })
      .returning();
    facilitators.push(f!);
  }
  const rnd = numbers(2002);
  const events = [];
  for (const [name, heldOn, place] of EVENTS) {
    const [e] = await tx
      .insert(supportEvents)
      .values({
        programmeId,
        name,
        heldOn,
        place,
        costPence: 600_000,
        notes: ILLUSTRATIVE,
        agreedActions: 'Share action plans; visit one another’s neighbourhoods',
      })
      .returning();
    events.push(e!);
  }
  for (const [i, g] of groups.entries()) {
    const ending = ENDINGS[i];
    const last = ending?.on ?? END;
    const daysAllowed = 15 + Math.floor(rnd() * 16);
    const creditAllowed = (5_000 + Math.floor(rnd() * 11) * 500) * 100;
    await tx.insert(supportAllowances).values({
      partnershipId: g.id,
      programmeId,
      startOn: START,
      endOn: END,
      daysAllowed: daysAllowed.toFixed(2),
      creditAllowedPence: creditAllowed,
      dayRatePence: DAY_RATE,
    });
    const facilitator = facilitators[i % facilitators.length]!;
    await tx
      .insert(supportAssignments)
      .values({ providerId: facilitator.id, partnershipId: g.id, contactName: 'The group’s chair' })
      .onConflictDoNothing();
    // Days used: most of the allowance for a group that lasted, less for one that ended early.
    const span = (Date.parse(last) - Date.parse(START)) / 86_400_000;
    const share = span / ((Date.parse(END) - Date.parse(START)) / 86_400_000);
    const minutes = Math.round(daysAllowed * 420 * (0.85 + rnd() * 0.15) * share);
    const contacts = [];
    for (let left = minutes, n = 0; left > 0; n++) {
      const m = Math.min(left, rnd() < 0.5 ? 420 : 210);
      left -= m;
      contacts.push({ m, n });
    }
    await tx.insert(supportContacts).values(
      contacts.map(({ m, n }) => ({
        programmeId,
        partnershipId: g.id,
        providerId: facilitator.id,
        contactOn: isoPlus(START, Math.floor(((n + 0.5) / contacts.length) * span)),
        minutes: m,
        type: n === 1 ? 'action_planning' : n % 5 === 4 ? 'mentoring' : 'facilitation',
        topic: n === 1 ? 'One-year and three-year priorities' : 'Visit',
        notes: ILLUSTRATIVE,
      })),
    );
    const spent = Math.round((creditAllowed * (0.8 + rnd() * 0.2) * share) / 100) * 100;
    const purposes = [
      'Hall hire and refreshments',
      'Training for committee members',
      'Newsletter printing',
      'Community event',
      'Small equipment',
    ];
    const parts = 4;
    await tx.insert(supportCredit).values(
      Array.from({ length: parts }, (_, k) => ({
        programmeId,
        partnershipId: g.id,
        kind: 'spend' as const,
        entryOn: isoPlus(START, Math.floor(((k + 0.7) / parts) * span)),
        amountPence: k < parts - 1 ? Math.round(spent / parts) : spent - Math.round(spent / parts) * (parts - 1),
        purpose: purposes[(i + k) % purposes.length]!,
        approvedBy: facilitator.name,
      })),
    );
    for (const e of events) {
      if (e.heldOn > last || rnd() < 0.1) continue;
      await tx.insert(supportAttendance).values({ eventId: e.id, partnershipId: g.id, people: 1 + Math.floor(rnd() * 3) });
    }
    if (ending && g.leadOrganisationId)
      await tx
        .insert(organisationStatuses)
        .values({ organisationId: g.leadOrganisationId, status: ending.status, effectiveOn: ending.on, reason: ending.reason });
    await recordAudit(tx, actor, {
      programmeId,
      entityType: 'partnership-support',
      entityId: g.id,
      action: 'import',
      summary: `Loaded ${g.name}’s support (demo data, illustrative)`,
      after: { contactsImported: contacts.length, creditImported: parts },
    });
  }
}

async function loadPbsa(tx: Tx, actor: Actor, programmeId: string) {
  const places = await tx.select().from(partnerships).where(eq(partnerships.programmeId, programmeId)).orderBy(partnerships.name);
  const [already] = await tx.select().from(supportProviders).where(eq(supportProviders.programmeId, programmeId)).limit(1);
  if (already || places.length === 0) return;
  const add = async (role: string, name: string, notes: string, covers: typeof places) => {
    const [p] = await tx.insert(supportProviders).values({ programmeId, role, name, notes }).returning();
    if (covers.length) await tx.insert(supportAssignments).values(covers.map((c) => ({ providerId: p!.id, partnershipId: c.id })));
    await recordAudit(tx, actor, {
      programmeId,
      entityType: 'support-provider',
      entityId: p!.id,
      action: 'create',
      summary: `Added ${name} as a support provider (demo data)`,
      after: { role, name, notes },
    });
  };
  await add('learning_partner', 'Renaisi', 'The programme’s learning partner (PBSA Phase 2 learning report)', places);
  await add(
    'support_contractor',
    'Locality, New Economics Foundation and Co-operatives UK',
    'The programme’s support contractor (PBSA Phase 2 learning report)',
    places,
  );
  // A relationship manager for each place, as the report says; who they were is not published.
  const third = Math.ceil(places.length / 3);
  for (let i = 0; i < 3; i++)
    await add(
      'relationship_manager',
      `Relationship manager ${i + 1} (illustrative)`,
      'The report gives each place a relationship manager from the support contractor; the names are not published, so these are illustrative.',
      places.slice(i * third, (i + 1) * third),
    );
}
