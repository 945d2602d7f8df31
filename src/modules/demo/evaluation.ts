/**
 * The demo's evaluation in the People and Communities Fund: `syntheticPcf()` loaded as data, so the
 * cross-tab and the charts have something PCF-shaped to show. Nothing in it is real, and it says so:
 * in the evaluation's title and description, in its twelve projects' names, descriptions and
 * provenance (`synthetic`), and in every respondent's pseudonymous reference (`syn-…`).
 *
 * Its projects are its own rather than the demo's twelve illustrative ones: only projects with the
 * generator's theme and model mix give the review's group sizes by theme and co-production model as
 * well as by participant type. They sit under the demo's anchor partnership in their town.
 *
 * Both of the review's bases (`reviewBases`): contexts, mechanisms and outcomes (C.4–C.19) were asked of
 * the generator's 120 (16 Partners, 39 Community Anchors, 65 Community Members); self-identified
 * outcomes (C.1–C.3) of 109 (19, 34 and 56, and by theme 29, 44 and 36, as the review prints). So three
 * more partners, asked only about self-identified outcomes, join the 120, and fourteen of the 120 are
 * left out of that question's base. The review's 118 by co-production model for C.1–C.3 cannot come
 * from the same 109 people, and is not reproduced.
 */
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import { STANDARD_FAMILIES } from '../evaluation/domain/qdc-families.js';
import { type SyntheticPcf, TARGETS, syntheticPcf } from '../evaluation/domain/synthetic-pcf.js';
import { codeFamilies, codes, consentRecords, evaluations, familyBaseRespondents, familyBases, respondents } from '../evaluation/schema.js';
import { partnerships } from '../partnerships/schema.js';
import { places } from '../places/schema.js';
import { vocabularyTerms } from '../programmes/schema.js';
import { projectTerms, projects } from '../projects/schema.js';

export const SYNTHETIC_EVALUATION = {
  slug: 'pcf-review-synthetic',
  title: 'PCF review (synthetic)',
  description:
    'Synthetic: generated to the review’s published group sizes; not real respondents. ' +
    'Cairn made up these 123 respondents, their twelve projects and what they said, so that the cross-tab and the charts ' +
    'have the shape of the People and Communities Fund review’s figures C.1–C.19: 120 asked about contexts, mechanisms and outcomes, ' +
    '109 about self-identified outcomes, as in the review. No figure here is the review’s.',
} as const;

interface BaseSizes {
  by_participant_type: Record<string, number>;
  by_theme: Record<string, number>;
}
const reference = JSON.parse(readFileSync(new URL('../../reference/pcf-realist-evaluation.json', import.meta.url), 'utf8')) as {
  group_sizes_context_mechanism_outcome_figures: BaseSizes;
  group_sizes_self_identified_outcome_figures: BaseSizes;
};

/** The families asked of the 120 (C.4–C.19), and the one asked of the 109 (C.1–C.3). */
const CMO_FAMILIES = ['context', 'mechanism', 'short_term_outcome', 'long_term_outcome'] as const;
const SIO = 'self_identified_outcome';

/**
 * The review's two bases over the synthetic 120 (pure; the same every time). Three partners are added
 * in training projects, asked only about self-identified outcomes and coded so partners' shares there
 * stay on their targets; then, from the last respondent back, Community Anchors and Members are left
 * out of that question's base until both its sizes by participant type and by theme are the review's.
 * Codings of a family a respondent was not asked about are dropped. Throws if the sizes cannot be met.
 */
export function reviewBases(generated: SyntheticPcf): { pcf: SyntheticPcf; bases: Record<string, string[]> } {
  const cmo = reference.group_sizes_context_mechanism_outcome_figures;
  const sio = reference.group_sizes_self_identified_outcome_figures;
  const training = generated.projects.filter((p) => p.themes[0] === 'Training and upskilling');
  const added = Array.from({ length: sio.by_participant_type.Partner! - cmo.by_participant_type.Partner! }, (_, i) => {
    const project = training[i % training.length]!;
    return {
      ...generated.respondents.find((r) => r.project === project.name)!,
      id: `syn-${String(generated.respondents.length + i + 1).padStart(3, '0')}`,
      participantType: 'Partner',
    };
  });
  const everyone = [...generated.respondents, ...added];
  // How many of each type and theme to leave out of the self-identified base (negative: added).
  const out = (sizes: BaseSizes, key: 'by_participant_type' | 'by_theme', value: string, of: readonly (typeof everyone)[number][]) =>
    of.filter((r) => (key === 'by_theme' ? r.themes[0] : r.participantType) === value).length - (sizes[key][value] ?? 0);
  const typeOut = new Map(Object.keys(sio.by_participant_type).map((t) => [t, out(sio, 'by_participant_type', t, everyone)]));
  const themeOut = new Map(Object.keys(sio.by_theme).map((t) => [t, out(sio, 'by_theme', t, everyone)]));
  const left = new Set<string>();
  for (const r of [...generated.respondents].reverse()) {
    const t = r.participantType ?? '';
    const th = r.themes[0] ?? '';
    if ((typeOut.get(t) ?? 0) > 0 && (themeOut.get(th) ?? 0) > 0) {
      left.add(r.id);
      typeOut.set(t, typeOut.get(t)! - 1);
      themeOut.set(th, themeOut.get(th)! - 1);
    }
  }
  if ([...typeOut.values(), ...themeOut.values()].some((n) => n !== 0))
    throw new Error('The synthetic respondents cannot give the review’s self-identified outcome group sizes');
  const sioBase = everyone.filter((r) => !left.has(r.id)).map((r) => r.id);
  const cmoBase = generated.respondents.map((r) => r.id);
  const asked = new Map<string, Set<string>>([[SIO, new Set(sioBase)], ...CMO_FAMILIES.map((f) => [f, new Set(cmoBase)] as const)]);
  const codings = generated.codings.filter((c) => asked.get(c.family)?.has(c.respondentId) ?? true);
  // The added partners' self-identified outcomes: each code's partner share back on its target.
  const partners = sioBase.filter((id) => everyone.find((r) => r.id === id)!.participantType === 'Partner');
  for (const [code, [partnerTarget]] of Object.entries(TARGETS.self_identified_outcome)) {
    const want = Math.floor((partnerTarget * partners.length + 50) / 100);
    const have = codings.filter((c) => c.family === SIO && c.code === code && partners.includes(c.respondentId)).length;
    for (const p of added.slice(0, Math.max(0, Math.min(added.length, want - have))))
      codings.push({ respondentId: p.id, family: SIO, code, provenance: 'synthetic' });
  }
  return {
    pcf: { ...generated, respondents: everyone, codings },
    bases: { [SIO]: sioBase, ...Object.fromEntries(CMO_FAMILIES.map((f) => [f, cmoBase])) },
  };
}

/** Loads the synthetic evaluation into the PCF programme, inside the demo's transaction. */
export async function loadSyntheticEvaluation(tx: Tx, actor: Actor, programmeId: string): Promise<void> {
  const { pcf, bases } = reviewBases(syntheticPcf());
  const terms = await tx.select().from(vocabularyTerms).where(eq(vocabularyTerms.programmeId, programmeId));
  const termId = (vocabulary: string, label: string) => {
    const t = terms.find((x) => x.vocabulary === vocabulary && x.label === label);
    if (!t) throw new Error(`The synthetic evaluation names a ${vocabulary} the PCF demo lacks: ${label}`);
    return t.id;
  };
  for (const type of pcf.vocabularies.participant_type) termId('participant_type', type);
  const placeRows = await tx.select({ id: places.id, name: places.name }).from(places).where(eq(places.programmeId, programmeId));
  const placeId = (name: string) => {
    const p = placeRows.find((x) => x.name === name);
    if (!p) throw new Error(`The synthetic evaluation names a place the PCF demo lacks: ${name}`);
    return p.id;
  };

  const projectIds = new Map<string, { id: string; placeId: string }>();
  for (const p of pcf.projects) {
    const [partnership] = await tx
      .select({ id: partnerships.id })
      .from(partnerships)
      .where(and(eq(partnerships.programmeId, programmeId), eq(partnerships.placeId, placeId(p.place))));
    const [row] = await tx
      .insert(projects)
      .values({
        programmeId,
        name: p.name,
        description: p.description,
        partnershipId: partnership?.id ?? null,
        coproductionModelId: termId('coproduction_model', p.coproductionModel),
        provenance: 'synthetic',
      })
      .returning();
    await tx.insert(projectTerms).values(p.themes.map((t) => ({ projectId: row!.id, termId: termId('theme', t) })));
    projectIds.set(p.name, { id: row!.id, placeId: placeId(p.place) });
    await recordAudit(tx, actor, {
      programmeId,
      entityType: 'project',
      entityId: row!.id,
      action: 'create',
      summary: `Added project ${row!.name} (synthetic demo data)`,
      after: {
        name: row!.name,
        partnershipId: row!.partnershipId,
        provenance: 'synthetic',
        themes: p.themes,
        coproductionModel: p.coproductionModel,
      },
    });
  }

  const [evaluation] = await tx
    .insert(evaluations)
    .values({ programmeId, ...SYNTHETIC_EVALUATION })
    .returning();
  const evaluationId = evaluation!.id;
  await recordAudit(tx, actor, {
    programmeId,
    entityType: 'evaluation',
    entityId: evaluationId,
    action: 'create',
    summary: `Started the evaluation ${evaluation!.title} (synthetic demo data)`,
    after: { slug: evaluation!.slug, title: evaluation!.title, description: evaluation!.description },
  });
  const families = await tx
    .insert(codeFamilies)
    .values(STANDARD_FAMILIES.map((f, position) => ({ evaluationId, key: f.key, label: f.label, position })))
    .returning();
  // The codebook: every code the reports name, in their order, in its family.
  const codeNumbers = new Map<string, number>();
  for (const { family, codes: names } of pcf.codebook) {
    const f = families.find((x) => x.key === family);
    if (!f) throw new Error(`The synthetic codebook names a family an evaluation lacks: ${family}`);
    if (!names.length) continue;
    const rows = await tx
      .insert(codes)
      .values(names.map((name, position) => ({ evaluationId, familyId: f.id, name, position })))
      .returning();
    for (const c of rows) codeNumbers.set(`${family}|${c.name}`, c.number);
  }
  // The demo's codings are an import's: in each respondent's row (decision 011).
  const numbersOf = new Map<string, number[]>();
  for (const c of pcf.codings) {
    const list = numbersOf.get(c.respondentId) ?? [];
    const n = codeNumbers.get(`${c.family}|${c.code}`)!;
    if (!list.includes(n)) list.push(n);
    numbersOf.set(c.respondentId, list);
  }

  const people = await tx
    .insert(respondents)
    .values(
      pcf.respondents.map((r) => {
        const project = projectIds.get(r.project)!;
        return {
          evaluationId,
          ref: r.id,
          participantType: r.participantType,
          projectId: project.id,
          placeId: project.placeId,
          consent: r.consent,
          importedCodeNumbers: numbersOf.get(r.id) ?? [],
        };
      }),
    )
    .returning({ id: respondents.id, ref: respondents.ref });
  // Who was asked each family's question: the review's two bases.
  const idOf = new Map(people.map((p) => [p.ref, p.id] as const));
  for (const [key, refs] of Object.entries(bases)) {
    const family = families.find((f) => f.key === key)!;
    await tx.insert(familyBases).values({ familyId: family.id, evaluationId, recordedBy: actor.userId });
    await tx.insert(familyBaseRespondents).values(refs.map((ref) => ({ familyId: family.id, respondentId: idOf.get(ref)! })));
  }
  await tx.insert(consentRecords).values(
    people.map((p) => ({
      respondentId: p.id,
      status: 'given' as const,
      on: '2017-06-01',
      scope: 'Synthetic demo data: no real person gave this consent',
    })),
  );
  await recordAudit(tx, actor, {
    programmeId,
    entityType: 'evaluation',
    entityId: evaluationId,
    action: 'import',
    summary: `Loaded ${people.length} synthetic respondents and ${pcf.codings.length} codings into ${evaluation!.title} (demo data; not real people)`,
    after: {
      respondents: people.length,
      codings: pcf.codings.length,
      codes: codeNumbers.size,
      bases: Object.fromEntries(Object.entries(bases).map(([k, refs]) => [k, refs.length])),
      provenance: 'synthetic',
    },
  });
}
