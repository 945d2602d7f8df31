/**
 * The demo's evaluation in the People and Communities Fund: `syntheticPcf()` loaded as data, so the
 * cross-tab and the charts have something PCF-shaped to show. Nothing in it is real, and it says so:
 * in the evaluation's title and description, in its twelve projects' names, descriptions and
 * provenance (`synthetic`), and in every respondent's pseudonymous reference (`syn-…`).
 *
 * Its projects are its own rather than the demo's twelve illustrative ones: only projects with the
 * generator's theme and model mix give the review's group sizes by theme and co-production model as
 * well as by participant type. They sit under the demo's anchor partnership in their town.
 */
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import { STANDARD_FAMILIES } from '../evaluation/domain/qdc-families.js';
import { syntheticPcf } from '../evaluation/domain/synthetic-pcf.js';
import { codeFamilies, codes, consentRecords, evaluations, respondents } from '../evaluation/schema.js';
import { partnerships } from '../partnerships/schema.js';
import { places } from '../places/schema.js';
import { vocabularyTerms } from '../programmes/schema.js';
import { projectTerms, projects } from '../projects/schema.js';

export const SYNTHETIC_EVALUATION = {
  slug: 'pcf-review-synthetic',
  title: 'PCF review (synthetic)',
  description:
    'Synthetic: generated to the review’s published group sizes; not real respondents. ' +
    'Cairn made up these 120 respondents, their twelve projects and what they said, so that the cross-tab and the charts ' +
    'have the shape of the People and Communities Fund review’s figures C.1–C.19. No figure here is the review’s.',
} as const;

/** Loads the synthetic evaluation into the PCF programme, inside the demo's transaction. */
export async function loadSyntheticEvaluation(tx: Tx, actor: Actor, programmeId: string): Promise<void> {
  const pcf = syntheticPcf();
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
    after: { respondents: people.length, codings: pcf.codings.length, codes: codeNumbers.size, provenance: 'synthetic' },
  });
}
