/**
 * The demo's theories of change (issue 15), made through the module's own services so each write is
 * audited as the API's would be:
 *
 * - PCF: the review's theory of change (inputs → activities → change in learning and action →
 *   short-term → long-term outcomes, pcf-realist-evaluation.json's stages), published as "original",
 *   then "refined after the realist analysis" (the executive summary's recommendations: made to feel
 *   welcome and person-focused support from the outset; co-production; belonging leading to
 *   well-being), both mapped to the codes of the demo's synthetic evaluation and tested against it with
 *   the default thresholds kept for it. The steps and links are Cairn's reading of the review's prose:
 *   the review's own diagram was not published. Its evaluation is synthetic, so the counts are too.
 * - PBSA: a place-level theory for the first partnership's place, with the five place-level outcomes
 *   of frameworks.json, a draft marked illustrative (the links are Cairn's sketch), its volunteers step
 *   mapped to the volunteers indicator so the latest total shows with its period.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import type { Actor } from '../audit/audit.js';
import { evaluations } from '../evaluation/schema.js';
import { places } from '../places/schema.js';
import type { Programme, ProgrammeContext } from '../programmes/context.js';
import { type Assumption, DEFAULT_STAGES, type TheoryModel, keyFrom } from '../theory-of-change/domain/model.js';
import { mappingCatalogue, setMappings } from '../theory-of-change/evidence/mappings.js';
import { setThresholds } from '../theory-of-change/evidence/validation.js';
import { DEFAULT_THRESHOLDS } from '../theory-of-change/domain/validation.js';
import { createDraft, createTheory, publishVersion } from '../theory-of-change/theories/service.js';

const stages = () => [{ key: 'inputs', label: 'Inputs (resources)' }, ...DEFAULT_STAGES.slice(1).map((s) => ({ ...s }))];

type Step = [label: string, stage: string, codes: [family: string, code: string][]];

const PCF_STEPS: Step[] = [
  ['PCF funding for Community Anchor Organisations', 'inputs', [['enabler', 'Funding for work placements']]],
  ['Community Anchor staff, partners and volunteers', 'inputs', [['enabler', 'Close partnerships with other organisations']]],
  [
    'Training, advice and community services',
    'activities',
    [
      ['context', 'Awareness training'],
      ['context', 'Greater opportunities and diversity of services'],
    ],
  ],
  [
    'Volunteering and mentoring',
    'activities',
    [
      ['context', 'Encouraged to take up opportunities'],
      ['context', 'Co-delivery opportunities'],
    ],
  ],
  ['Employability support', 'activities', [['enabler', 'Linking social inclusion with employability pathways via volunteering']]],
  [
    'Confidence and self-esteem',
    'learning-and-action',
    [
      ['mechanism', 'Confidence'],
      ['mechanism', 'Self-esteem'],
    ],
  ],
  ['Trust and relationships', 'learning-and-action', [['mechanism', 'Trust / relationship building']]],
  ['Belonging and connectedness', 'learning-and-action', [['mechanism', 'Belonging / connectedness']]],
  [
    'Increase in skills, knowledge or understanding',
    'short-term-outcomes',
    [['short_term_outcome', 'Increase in skills, knowledge or understanding']],
  ],
  ['Increased engagement', 'short-term-outcomes', [['short_term_outcome', 'Increased engagement']]],
  [
    'Improved connectedness with local community',
    'short-term-outcomes',
    [['short_term_outcome', 'Improved connectedness with local community']],
  ],
  ['Improved aspirations', 'short-term-outcomes', [['short_term_outcome', 'Improved aspirations']]],
  ['Improved well-being', 'long-term-outcomes', [['long_term_outcome', 'Improved well-being']]],
  ['Improved social capital', 'long-term-outcomes', [['long_term_outcome', 'Improved social capital']]],
  ['Improved life chances', 'long-term-outcomes', [['long_term_outcome', 'Improved life chances']]],
  ['Employment', 'long-term-outcomes', [['long_term_outcome', 'Employment']]],
];

type Arrow = [from: string, to: string, rationale: string, assumptions?: Assumption[]];

const PCF_LINKS: Arrow[] = [
  [
    'PCF funding for Community Anchor Organisations',
    'Training, advice and community services',
    'Grants pay for the activities anchors run',
  ],
  ['PCF funding for Community Anchor Organisations', 'Volunteering and mentoring', 'Grants pay for placements and mentors'],
  ['PCF funding for Community Anchor Organisations', 'Employability support', 'Grants pay for employability pathways'],
  [
    'Community Anchor staff, partners and volunteers',
    'Training, advice and community services',
    'Anchors know their communities and deliver locally',
  ],
  [
    'Training, advice and community services',
    'Confidence and self-esteem',
    'Learning something new builds belief in oneself',
    [{ text: 'Activities are open to people who have not taken part before', kind: 'contextual' }],
  ],
  [
    'Volunteering and mentoring',
    'Confidence and self-esteem',
    'Doing and being trusted to do builds confidence',
    [{ text: 'Benefit rules do not discourage volunteering', kind: 'contextual' }],
  ],
  ['Volunteering and mentoring', 'Trust and relationships', 'Working alongside others builds trust'],
  ['Employability support', 'Confidence and self-esteem', 'Support towards work shows people what they can do'],
  [
    'Confidence and self-esteem',
    'Increase in skills, knowledge or understanding',
    'Confident people take up more learning',
    [{ text: 'Self-efficacy leads people to seek out learning', kind: 'theoretical' }],
  ],
  ['Confidence and self-esteem', 'Improved aspirations', 'Belief in oneself raises what people aim for'],
  ['Trust and relationships', 'Increased engagement', 'People take part where they trust those running it'],
  ['Belonging and connectedness', 'Improved connectedness with local community', 'Feeling part of a group extends to the wider community'],
  ['Increase in skills, knowledge or understanding', 'Improved life chances', 'Skills open doors'],
  ['Increase in skills, knowledge or understanding', 'Employment', 'Skills employers value lead to work'],
  ['Increased engagement', 'Improved social capital', 'Taking part widens people’s networks'],
  ['Improved connectedness with local community', 'Improved well-being', 'Connected people are less isolated'],
  ['Improved aspirations', 'Employment', 'Higher aims lead people to look for work'],
];

function modelOf(steps: Step[], arrows: Arrow[]): TheoryModel {
  const taken = new Set<string>();
  const nodes = steps.map(([label, stage]) => {
    const key = keyFrom(label, taken);
    taken.add(key);
    return { key, label, stage, description: '', questions: [] as string[], position: null };
  });
  const keyOf = (label: string) => {
    const n = nodes.find((x) => x.label === label);
    if (!n) throw new Error(`The demo theory of change links a step it lacks: ${label}`);
    return n.key;
  };
  const linkKeys = new Set<string>();
  const links = arrows.map(([from, to, rationale, assumptions]) => {
    const key = keyFrom(`${keyOf(from)}-${keyOf(to)}`, linkKeys);
    linkKeys.add(key);
    return { key, from: keyOf(from), to: keyOf(to), rationale, interventions: [] as string[], assumptions: assumptions ?? [] };
  });
  return { stages: stages(), nodes, links };
}

/** The refined version: keys kept from the original, new steps and links added, as a new draft would. */
function refine(original: TheoryModel): TheoryModel {
  const model = structuredClone(original);
  const key = (label: string) => model.nodes.find((n) => n.label === label)!.key;
  model.nodes.push({
    key: 'welcome-and-person-focused-support',
    label: 'Made to feel welcome, with person-focused support from the outset',
    stage: 'activities',
    description: 'Added after the realist analysis: the context most often behind the changes people described',
    questions: ['Did people feel welcome from their first contact?'],
    position: null,
  });
  model.nodes.push({
    key: 'co-production',
    label: 'Co-production with communities',
    stage: 'activities',
    description: 'The review recommends clarifying what co-production means in PCF',
    questions: [],
    position: null,
  });
  const add = (from: string, to: string, rationale: string, assumptions: Assumption[] = []) =>
    model.links.push({ key: `${from}-${to}`, from, to, rationale, interventions: [], assumptions });
  add('welcome-and-person-focused-support', key('Trust and relationships'), 'Being welcomed as a person builds trust');
  add('welcome-and-person-focused-support', key('Belonging and connectedness'), 'A welcome makes people feel they belong');
  add(key('Volunteering and mentoring'), key('Belonging and connectedness'), 'Volunteering makes people part of something');
  add(key('Belonging and connectedness'), key('Improved well-being'), 'Belonging itself improves well-being', [
    { text: 'Well-being follows from connection as much as from skills', kind: 'theoretical' },
  ]);
  add('co-production', key('Increased engagement'), 'People engage with what they helped shape', [
    { text: 'Familiarity with co-production is even across anchors', kind: 'contextual' },
  ]);
  return model;
}

const PBSA_STEPS: Step[] = [
  ['Place Based Social Action funding, advice and guidance', 'inputs', []],
  ['Really listening and acting on what has been heard', 'activities', []],
  ['Meeting people where they are', 'activities', []],
  ['Volunteers taking social action', 'learning-and-action', []],
  ['Partnerships understand the social and economic issues and opportunities in their area', 'short-term-outcomes', []],
  ['Organisations and communities increase their capacity to work together in different ways', 'short-term-outcomes', []],
  [
    'Local communities and organisations feel more empowered and able to take action on issues that matter to them',
    'long-term-outcomes',
    [],
  ],
  ['More services at a local level are co-produced', 'long-term-outcomes', []],
  ['Residents feel greater influence and ownership over the places where they live', 'long-term-outcomes', []],
];

const PBSA_LINKS: Arrow[] = [
  [
    'Place Based Social Action funding, advice and guidance',
    'Really listening and acting on what has been heard',
    'Resourcing gives partnerships time to listen',
  ],
  ['Place Based Social Action funding, advice and guidance', 'Meeting people where they are', 'Resourcing lets partnerships go to people'],
  [
    'Really listening and acting on what has been heard',
    'Partnerships understand the social and economic issues and opportunities in their area',
    'Listening shows what matters locally',
  ],
  ['Meeting people where they are', 'Volunteers taking social action', 'People join in where they already are'],
  [
    'Volunteers taking social action',
    'Organisations and communities increase their capacity to work together in different ways',
    'Doing things together builds the habit',
  ],
  [
    'Organisations and communities increase their capacity to work together in different ways',
    'More services at a local level are co-produced',
    'Capacity to collaborate is used to design services together',
  ],
  [
    'Partnerships understand the social and economic issues and opportunities in their area',
    'Local communities and organisations feel more empowered and able to take action on issues that matter to them',
    'Understanding the issues lets people act on them',
  ],
  [
    'Volunteers taking social action',
    'Residents feel greater influence and ownership over the places where they live',
    'Acting on their place gives residents a stake in it',
    [{ text: 'The local authority takes part in the partnership', kind: 'contextual' }],
  ],
];

const adminContext = (programme: Programme): ProgrammeContext => ({
  programme,
  access: { scope: 'programme', role: 'admin', canManage: true, canSeeAudit: true },
});

export async function loadTheoriesOfChange(tx: Tx, actor: Actor, programme: Programme): Promise<void> {
  const db = tx as unknown as Db;
  const ctx = adminContext(programme);
  if (programme.slug === 'pcf') {
    const original = modelOf(PCF_STEPS, PCF_LINKS);
    const made = await createTheory(db, ctx, actor, {
      name: 'PCF theory of change',
      level: 'programme',
      description:
        'The People and Communities Fund review’s theory of change, as Cairn reads it from the review: its diagram was not published. Tested against the synthetic evaluation, so its counts are illustrative.',
      model: original,
      versionName: 'original',
    });
    const theory = made!.theory;
    const [evaluation] = await tx.select().from(evaluations).where(eq(evaluations.programmeId, programme.id));
    const cat = await mappingCatalogue(db, ctx);
    const codes = cat.evaluations.find((e) => e.evaluation.id === evaluation!.id)!.codes;
    const mappingsFor = (model: TheoryModel, steps: Step[]) =>
      steps.flatMap(([label, , pairs]) => {
        const node = model.nodes.find((n) => n.label === label)!;
        return pairs.map(([family, name]) => {
          const code = codes.find((c) => c.family === family && c.name === name);
          if (!code) throw new Error(`The demo theory of change maps a code the synthetic evaluation lacks: ${family}: ${name}`);
          return { nodeKey: node.key, codeId: code.id };
        });
      });
    await setMappings(db, ctx, actor, theory, made!.version, mappingsFor(original, PCF_STEPS));
    await publishVersion(
      db,
      ctx,
      actor,
      theory,
      made!.version.id,
      'original: the theory of change the review’s study tools were designed around',
    );
    const refined = refine(original);
    const draft = await createDraft(db, ctx, actor, theory, { fromVersionId: made!.version.id, name: 'refined', model: refined });
    const welcome = [
      ['context', 'Made to feel welcome'],
      ['context', 'Person-focused support from the outset'],
    ].map(([family, name]) => ({
      nodeKey: 'welcome-and-person-focused-support',
      codeId: codes.find((c) => c.family === family && c.name === name)!.id,
    }));
    await setMappings(db, ctx, actor, theory, draft!, [...mappingsFor(refined, PCF_STEPS), ...welcome]);
    await publishVersion(db, ctx, actor, theory, draft!.id, 'refined after the realist analysis');
    await setThresholds(db, ctx, actor, theory, evaluation!, DEFAULT_THRESHOLDS);
  }
  if (programme.slug === 'pbsa') {
    const [place] = await tx.select().from(places).where(eq(places.programmeId, programme.id)).orderBy(asc(places.name)).limit(1);
    const model = modelOf(PBSA_STEPS, PBSA_LINKS);
    const made = await createTheory(db, ctx, actor, {
      name: `${place!.name} theory of change (illustrative)`,
      level: 'place',
      placeId: place!.id,
      description:
        'Illustrative: the five place-level outcomes are PBSA’s own (the Phase 2 learning report); the steps before them and the links are Cairn’s sketch, not the partnership’s.',
      model,
      versionName: 'sketch',
    });
    const cat = await mappingCatalogue(db, ctx);
    const volunteers = cat.indicators.find((i) => i.key === 'volunteers');
    if (volunteers)
      await setMappings(db, ctx, actor, made!.theory, made!.version, [
        { nodeKey: model.nodes.find((n) => n.label === 'Volunteers taking social action')!.key, indicatorId: volunteers.id },
      ]);
  }
}
