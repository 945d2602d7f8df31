import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { hashPassword } from '../accounts/passwords.js';
import { partnershipMembers, programmeRoles, users } from '../accounts/schema.js';
import { type Actor, recordAudit, systemActor } from '../audit/audit.js';
import { indicators, monitoringReturns, reportingPeriods } from '../monitoring/schema.js';
import { writeFigures } from '../monitoring/returns/figures.js';
import { phaseProgressions, partnerships } from '../partnerships/schema.js';
import { phases, programmes, vocabularyTerms } from '../programmes/schema.js';
import { seedVocabularies } from '../programmes/service.js';
import { defaultVocabularies } from '../programmes/vocabularies.js';
import { projectTerms, projects } from '../projects/schema.js';
import { addMember, insertOrganisation, insertPartnership, insertPlace } from '../registry-import/write.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from './accounts.js';
import { type DemoProgramme, jrfProgramme, pbsaProgramme, pcfProgramme } from './data.js';
import { loadEngagementDemo } from './engagement.js';
import { loadSyntheticEvaluation } from './evaluation.js';
import { loadSupportPlans } from './plans.js';
import { loadSupportDemo } from './support.js';
import { loadTheoriesOfChange } from './theory-of-change.js';
import { loadPlaceStandardDemo } from './place-standard.js';
import { loadPbDemo } from './pb.js';
import { loadLearningDemo } from './learning.js';

export interface DemoResult {
  /** Names of the programmes loaded now; empty when all were there already. */
  programmes: string[];
  accounts: DemoAccount[];
  alreadyLoaded: boolean;
}

const actor: Actor = systemActor('demo data');

/** True when nobody has set Cairn up yet: no programmes and no accounts. */
export async function isEmpty(db: Db): Promise<boolean> {
  const [[p], [u]] = await Promise.all([db.select({ n: count() }).from(programmes), db.select({ n: count() }).from(users)]);
  return Number(p?.n ?? 0) === 0 && Number(u?.n ?? 0) === 0;
}

/**
 * Loads the three demo programmes and the demo accounts, in one transaction. Safe to run again: a
 * programme whose slug exists, or an account whose email exists, is left alone.
 */
export async function loadDemo(db: Db): Promise<DemoResult> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const loaded: string[] = [];
    const typology = defaultVocabularies().typology;
    for (const programme of [pbsaProgramme(typology), jrfProgramme(), pcfProgramme()]) {
      const [exists] = await tx.select({ id: programmes.id }).from(programmes).where(eq(programmes.slug, programme.slug));
      if (exists) continue;
      await loadProgramme(tx, programme);
      loaded.push(programme.name);
    }
    const learning = await loadLearningDemo(tx, actor);
    if (learning) loaded.push(learning);
    const accounts: DemoAccount[] = [];
    for (const account of DEMO_ACCOUNTS) {
      const [exists] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${account.email}`);
      if (exists) continue;
      await loadAccount(tx, account, passwordHash);
      accounts.push(account);
    }
    // After the accounts, so the JRF facilitator's account can be linked to a facilitator.
    if (loaded.length) await loadSupportDemo(tx, actor);
    return { programmes: loaded, accounts, alreadyLoaded: loaded.length === 0 && accounts.length === 0 };
  });
}

async function loadProgramme(tx: Tx, def: DemoProgramme): Promise<void> {
  const [p] = await tx
    .insert(programmes)
    .values({ slug: def.slug, name: def.name, funder: def.funder, description: def.description })
    .returning();
  const programmeId = p!.id;
  await recordAudit(tx, actor, {
    programmeId,
    entityType: 'programme',
    entityId: programmeId,
    action: 'create',
    summary: `Created programme ${p!.name} (demo data)`,
    after: { slug: p!.slug, name: p!.name, funder: p!.funder },
  });
  await seedVocabularies(tx, programmeId, { ...defaultVocabularies(), ...def.vocabularies });
  const terms = await tx.select().from(vocabularyTerms).where(eq(vocabularyTerms.programmeId, programmeId));
  const termId = (vocabulary: string, label: string) => {
    const t = terms.find((x) => x.vocabulary === vocabulary && x.label === label);
    if (!t) throw new Error(`Demo data names a ${vocabulary} term the programme lacks: ${label}`);
    return t.id;
  };

  const phaseIds = new Map<number, string>();
  for (const ph of def.phases ?? []) {
    const [row] = await tx
      .insert(phases)
      .values({ programmeId, ...ph })
      .returning();
    phaseIds.set(ph.number, row!.id);
    await recordAudit(tx, actor, {
      programmeId,
      entityType: 'phase',
      entityId: row!.id,
      action: 'create',
      summary: `Added phase ${ph.number}: ${ph.name}`,
      after: ph,
    });
  }

  const placeIds = new Map<string, string>();
  const orgIds = new Map<string, string>();
  const organisation = async (name: string, type = '') => {
    if (!orgIds.has(name)) orgIds.set(name, (await insertOrganisation(tx, actor, programmeId, { name, type })).id);
    return orgIds.get(name)!;
  };
  const partnershipIds = new Map<string, string>();
  // The demo partnerships were in their programme from its first phase or period (not from the day the
  // demo was loaded), so the published periods expect their returns.
  const firstDay =
    [...(def.phases ?? []).map((ph) => ph.startsOn), ...(def.periods ?? []).map((pe) => pe.startsOn)]
      .filter((d): d is string => typeof d === 'string')
      .sort()[0] ?? null;
  for (const ps of def.partnerships) {
    if (!placeIds.has(ps.place.name)) {
      const place = await insertPlace(tx, actor, programmeId, {
        name: ps.place.name,
        nation: ps.place.nation,
        region: ps.place.region,
        localAuthority: ps.place.localAuthority ?? '',
      });
      placeIds.set(ps.place.name, place.id);
    }
    const leadId = ps.lead ? await organisation(ps.lead.name, ps.lead.type) : null;
    const row = await insertPartnership(tx, actor, programmeId, {
      name: ps.name,
      placeId: placeIds.get(ps.place.name)!,
      leadOrganisationId: leadId,
      description: ps.description ?? '',
      inProgrammeFrom: firstDay,
    });
    partnershipIds.set(ps.name, row.id);
    await tx.update(partnerships).set({ inProgrammeFrom: ps.inProgrammeFrom }).where(eq(partnerships.id, row.id));
    for (const m of ps.members ?? []) await addMember(tx, actor, programmeId, row.id, await organisation(m.name, m.type), m.role, null);
    for (const [phase, g] of Object.entries(ps.progressions ?? {})) {
      const phaseId = phaseIds.get(Number(phase))!;
      await tx.insert(phaseProgressions).values({ phaseId, partnershipId: row.id, progressed: g.progressed, reason: g.reason ?? '' });
      await recordAudit(tx, actor, {
        programmeId,
        entityType: 'partnership',
        entityId: row.id,
        action: 'progression',
        summary: `${ps.name} ${g.progressed ? 'progressed' : 'did not progress'} from phase ${phase}`,
        after: { progressed: g.progressed, reason: g.reason ?? '' },
      });
    }
  }

  for (const pr of def.projects) {
    const [row] = await tx
      .insert(projects)
      .values({
        programmeId,
        name: pr.name,
        description: pr.description,
        partnershipId: partnershipIds.get(pr.partnership) ?? null,
        coproductionModelId: pr.coproductionModel ? termId('coproduction_model', pr.coproductionModel) : null,
        provenance: pr.provenance,
      })
      .returning();
    const tagIds = [...(pr.themes ?? []).map((t) => termId('theme', t)), ...(pr.typology ?? []).map((t) => termId('typology', t))];
    if (tagIds.length) await tx.insert(projectTerms).values(tagIds.map((termId) => ({ projectId: row!.id, termId })));
    await recordAudit(tx, actor, {
      programmeId,
      entityType: 'project',
      entityId: row!.id,
      action: 'create',
      summary: `Added project ${row!.name}`,
      after: {
        name: row!.name,
        partnershipId: row!.partnershipId,
        provenance: row!.provenance,
        themes: pr.themes ?? [],
        typology: pr.typology ?? [],
      },
    });
  }
  await loadMonitoring(tx, def, programmeId, phaseIds, partnershipIds);
  // Action plans with an annual review, a PBSA Phase 3 plan, and brokerage cases (illustrative, demo/plans.ts).
  await loadSupportPlans(tx, actor, def.slug, programmeId, partnershipIds);
  // The PCF's evaluation: made up to the review's group sizes, and labelled so (demo/evaluation.ts).
  if (def.slug === 'pcf') {
    await loadSyntheticEvaluation(tx, actor, programmeId);
    // Inverclyde-style Place Standard surveys, illustrative (demo/place-standard.ts).
    await loadPlaceStandardDemo(tx, actor, programmeId);
  }
  // PBSA's engagement register, National Standards and "you said, we did": illustrative (demo/engagement.ts).
  if (def.slug === 'pbsa') await loadEngagementDemo(tx, actor, programmeId);
  // Theories of change: PCF's original and refined, mapped and tested; PBSA's place-level sketch (demo/theory-of-change.ts).
  await loadTheoriesOfChange(tx, actor, p!);
  // An illustrative participatory budgeting round, Midlothian-style (demo/pb.ts).
  if (def.slug === 'pcf') await loadPbDemo(tx, actor, programmeId);
}

/** Indicators, reporting periods and their accepted returns, each audited as the API would. */
async function loadMonitoring(
  tx: Tx,
  def: DemoProgramme,
  programmeId: string,
  phaseIds: Map<number, string>,
  partnershipIds: Map<string, string>,
) {
  const indicatorIds = new Map<string, string>();
  for (const [position, ind] of (def.indicators ?? []).entries()) {
    const [row] = await tx
      .insert(indicators)
      .values({ programmeId, ...ind, position })
      .returning();
    indicatorIds.set(ind.key, row!.id);
    await recordAudit(tx, actor, {
      programmeId,
      entityType: 'indicator',
      entityId: row!.id,
      action: 'create',
      summary: `Added indicator ${ind.label}`,
      after: { key: ind.key, label: ind.label, unit: ind.unit, aggregation: ind.aggregation, required: ind.required },
    });
  }
  for (const period of def.periods ?? []) {
    const [p] = await tx
      .insert(reportingPeriods)
      .values({
        programmeId,
        label: period.label,
        phaseId: period.phase ? (phaseIds.get(period.phase) ?? null) : null,
        startsOn: period.startsOn,
        endsOn: period.endsOn,
        dueOn: period.dueOn,
      })
      .returning();
    await recordAudit(tx, actor, {
      programmeId,
      entityType: 'reporting_period',
      entityId: p!.id,
      action: 'create',
      summary: `Added reporting period ${period.label}`,
      after: { label: p!.label, phaseId: p!.phaseId, startsOn: p!.startsOn, endsOn: p!.endsOn, dueOn: p!.dueOn },
    });
    for (const r of period.returns) {
      const partnershipId = partnershipIds.get(r.partnership);
      if (!partnershipId) throw new Error(`Demo data has a return for a partnership it lacks: ${r.partnership}`);
      const status = r.status ?? 'accepted';
      const [ret] = await tx
        .insert(monitoringReturns)
        .values({
          programmeId,
          partnershipId,
          periodId: p!.id,
          status,
          comparabilityNote: r.comparabilityNote ?? '',
          submittedAt: midday(r.submittedOn),
          reviewedAt: r.reviewedOn ? midday(r.reviewedOn) : null,
          reviewComment: r.reviewComment ?? '',
        })
        .returning();
      await writeFigures(
        tx,
        ret!.id,
        Object.entries(r.values).map(([key, value]) => {
          const indicatorId = indicatorIds.get(key);
          if (!indicatorId) throw new Error(`Demo data has a figure for an indicator it lacks: ${key}`);
          return value === null
            ? { indicatorId, value: null, textValue: null, notReported: true, notReportedReason: r.notReportedReason ?? '' }
            : { indicatorId, value: String(value), textValue: null, notReported: false, notReportedReason: '' };
        }),
      );
      // Audited as the step that brought it where it is: "import" marks a return a spreadsheet sent in.
      const action = r.via === 'import' ? 'import' : { submitted: 'submit', accepted: 'accept', returned: 'return' }[status];
      await recordAudit(tx, actor, {
        programmeId,
        entityType: 'monitoring_return',
        entityId: ret!.id,
        action,
        summary: `Loaded ${r.partnership}’s return for ${period.label} as ${status} (demo data: ${
          def.slug === 'pbsa' ? 'the published figures, illustrative dates' : 'illustrative figures and dates'
        })`,
        after: {
          status,
          comparabilityNote: ret!.comparabilityNote,
          reviewComment: ret!.reviewComment,
          ...Object.fromEntries(
            Object.entries(r.values).map(([k, v]) => [k, v === null ? `not reported: ${r.notReportedReason ?? ''}` : String(v)]),
          ),
        },
      });
    }
  }
}

/** A demo day as a moment: midday UTC, so it reads as the same day in any time zone near Britain's. */
const midday = (day: string) => new Date(`${day}T12:00:00Z`);

async function loadAccount(tx: Tx, account: DemoAccount, passwordHash: string): Promise<void> {
  const [u] = await tx
    .insert(users)
    .values({ email: account.email, name: account.name, passwordHash, isAdmin: account.isAdmin ?? false, isDemo: true })
    .returning();
  await recordAudit(tx, actor, {
    programmeId: null,
    entityType: 'user',
    entityId: u!.id,
    action: 'create',
    summary: `Created demo account ${u!.email}`,
    after: { email: u!.email, name: u!.name, isAdmin: u!.isAdmin },
  });
  const programmeId = async (slug: string) =>
    (await tx.select({ id: programmes.id }).from(programmes).where(eq(programmes.slug, slug)))[0]?.id;
  for (const grant of account.roles ?? []) {
    const id = await programmeId(grant.programme);
    if (!id) continue;
    await tx.insert(programmeRoles).values({ userId: u!.id, programmeId: id, role: grant.role });
    await recordAudit(tx, actor, {
      programmeId: id,
      entityType: 'user',
      entityId: u!.id,
      action: 'grant-role',
      summary: `Gave role ${grant.role}`,
      after: { role: grant.role },
    });
  }
  if (account.partnership) {
    const id = await programmeId(account.partnership.programme);
    const [ps] = id
      ? await tx
          .select({ id: partnerships.id })
          .from(partnerships)
          .where(and(eq(partnerships.programmeId, id), eq(partnerships.name, account.partnership.name)))
      : [];
    if (id && ps) {
      await tx.insert(partnershipMembers).values({ userId: u!.id, partnershipId: ps.id });
      await recordAudit(tx, actor, {
        programmeId: id,
        entityType: 'user',
        entityId: u!.id,
        action: 'join-partnership',
        summary: `Added to partnership ${account.partnership.name}`,
        after: { partnershipId: ps.id, member: true },
      });
    }
  }
}

/** Demo accounts that can still sign in, for the start-up banner. */
export async function liveDemoAccounts(db: Db): Promise<DemoAccount[]> {
  const rows = await db
    .select({ email: users.email })
    .from(users)
    .where(
      and(
        eq(users.isDemo, true),
        sql`${users.disabledAt} is null`,
        sql`${users.passwordHash} is not null`,
        inArray(
          users.email,
          DEMO_ACCOUNTS.map((a) => a.email),
        ),
      ),
    );
  const live = new Set(rows.map((r) => r.email));
  return DEMO_ACCOUNTS.filter((a) => live.has(a.email));
}
