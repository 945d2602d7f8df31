/**
 * A PCF-shaped evaluation made up by Cairn, for demo data and benchmarks: every project, respondent and
 * coding is labelled `provenance: 'synthetic'`. The same seed gives the same data.
 *
 * - `syntheticPcf()`: 12 projects and 120 respondents with exactly the group sizes the People and
 *   Communities Fund review prints under figures C.4–C.19 (by participant type, theme and co-production
 *   model), coded so the charts look like the review's.
 * - `scale(n)`: n respondents with about 12 codings each, streamed one respondent at a time, for the
 *   1,000,000-respondent benchmark.
 *
 * What the shares are. The review published its figures as charts, and `pcf-realist-evaluation.json`
 * has the group sizes and the codes but no per-code percentages. So the shares below (`TARGETS`) are
 * Cairn's own, shaped to what the review says in words: partners almost all identify trust, community
 * members most often feel welcome and socialise, mechanisms grow from model 1 to the models with more
 * co-production (models 3 and 5 most), fewer long-term than short-term outcomes, and so on. By
 * participant type each code hits its target to the nearest respondent; by theme and model the shares
 * lean the way the review describes without being exact.
 *
 * The self-identified outcome figures (C.1–C.3) print other group sizes (109 by type and theme, 118 by
 * model, no double progression group) that no single set of respondents can have alongside the 120 of
 * the other figures; here those outcomes are coded for the same 120.
 */
import { readFileSync } from 'node:fs';
import type { Coding, Respondent } from './respondents.js';

export const SYNTHETIC_NOTE =
  'Synthetic: made up by Cairn to the group sizes of the People and Communities Fund review. Not real people, projects or answers.';

interface Reference {
  participant_types: string[];
  themes: string[];
  coproduction_models: { number: number; name: string }[];
  group_sizes_context_mechanism_outcome_figures: {
    all: number;
    by_participant_type: Record<string, number>;
    by_theme: Record<string, number>;
    by_coproduction_model: Record<string, number>;
  };
  codes_named_in_the_reports: Record<string, string[]>;
}

let cached: Reference | undefined;
function reference(): Reference {
  cached ??= JSON.parse(readFileSync(new URL('../../../reference/pcf-realist-evaluation.json', import.meta.url), 'utf8')) as Reference;
  return cached;
}

/** As the demo programme's vocabulary writes a model: "1. Traditional". */
export const modelLabel = (m: { number: number; name: string }) => `${m.number}. ${m.name}`;

// ---- Seeded random numbers ----------------------------------------------------------------------

/**
 * A small seeded generator: a counter stepped by the golden-ratio constant, then bit-mixed
 * (the splitmix idea, 32-bit). Returns numbers strictly between 0 and 1, so logarithms are safe.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z = (z ^ (z >>> 16)) >>> 0;
    return (z + 0.5) / 2 ** 32;
  };
}

// ---- What is coded, and how often ----------------------------------------------------------------

/** The families the review charts, in the order of its figures. */
export const FIGURE_FAMILIES = ['self_identified_outcome', 'context', 'mechanism', 'short_term_outcome', 'long_term_outcome'] as const;
type FigureFamily = (typeof FIGURE_FAMILIES)[number];

/** Percent of Partners, Community Anchors and Community Members who identify each code. Cairn's own. */
export const TARGETS: Record<FigureFamily, Record<string, [partner: number, anchor: number, member: number]>> = {
  self_identified_outcome: {
    'More friends / community involvement': [50, 55, 60],
    'New skills': [45, 50, 55],
    'Improved relationships': [55, 45, 45],
    'Improved confidence': [20, 30, 55],
    'Expanded services': [60, 35, 5],
  },
  context: {
    'Made to feel welcome': [25, 45, 70],
    'Needs assessment': [45, 60, 55],
    'Encouraged to take up opportunities': [30, 50, 55],
    'Able to socialise and network': [20, 30, 55],
    'Greater opportunities and diversity of services': [30, 60, 25],
    'Awareness training': [55, 25, 10],
    'Co-delivery opportunities': [60, 30, 10],
    'Person-focused support from the outset': [25, 35, 35],
  },
  mechanism: {
    'Trust / relationship building': [94, 60, 50],
    'Belonging / connectedness': [40, 50, 50],
    Confidence: [20, 35, 50],
    Pride: [10, 25, 35],
    Ownership: [20, 25, 30],
    Empowerment: [25, 30, 35],
    'Self-esteem': [5, 20, 35],
  },
  short_term_outcome: {
    'Increase in skills, knowledge or understanding': [40, 50, 70],
    'Increased engagement': [70, 50, 45],
    'Improved connectedness with local community': [65, 45, 40],
    'Improved aspirations': [15, 25, 45],
    'Better partnership working': [70, 35, 5],
    'Life changing experience': [5, 15, 30],
  },
  long_term_outcome: {
    'Improved well-being': [20, 35, 45],
    'Improved social capital': [50, 35, 25],
    'Improved life chances': [10, 25, 40],
    'Improved service provision': [45, 30, 5],
    Employment: [5, 15, 20],
  },
};

type ByModel = [m1: number, m2: number, m3: number, m4: number, m5: number];
type ByTheme = [advice: number, training: number, volunteering: number];

/** How much more or less likely, by co-production model (1–5), before sampling within a participant type. */
const MODEL_WEIGHT: Record<FigureFamily, ByModel> = {
  // "more likely to identify contexts the further along the co-production ladder they were"
  context: [0.6, 0.9, 1.1, 1.2, 1.3],
  // "a greater prevalence of mechanisms … from the traditional model … with models 3 and 5 the most"
  mechanism: [0.45, 0.9, 1.7, 1.0, 1.7],
  // "traditional methods having a relatively low level … two level support and double progression higher"
  short_term_outcome: [0.5, 1.0, 1.6, 1.0, 1.6],
  long_term_outcome: [0.5, 1.0, 1.6, 1.0, 1.6],
  // "the progression model tended to yield the most outcomes"
  self_identified_outcome: [0.9, 1.0, 1.0, 1.3, 1.0],
};

/** Likewise by theme (advice/support, training and upskilling, volunteering and mentoring). */
const THEME_WEIGHT: Record<FigureFamily, ByTheme> = {
  // "training and upskilling, and advice/support services projects have more identified contexts"
  context: [1.2, 1.2, 0.7],
  // "training … and volunteering … a greater prevalence of identified mechanisms than advice/support"
  mechanism: [0.6, 1.2, 1.2],
  // "training and upskilling projects have a greater level of short-term outcomes"
  short_term_outcome: [0.9, 1.4, 0.9],
  // "advice and support generally has the fewest long-term outcomes … training … the highest"
  long_term_outcome: [0.7, 1.3, 1.0],
  self_identified_outcome: [1, 1, 1],
};

/** Codes the review singles out by theme or model. */
const CODE_WEIGHT: Record<string, { theme?: ByTheme; model?: ByModel }> = {
  'New skills': { theme: [0.7, 1.8, 0.8] },
  'Improved relationships': { theme: [1.4, 0.6, 1.4] },
  'More friends / community involvement': { theme: [1.3, 0.7, 1.3] },
  'Improved service provision': { theme: [1.6, 0.8, 0.8] },
  'Improved social capital': { theme: [1.3, 0.9, 1.0], model: [0.5, 1.0, 1.8, 1.0, 1.8] },
  'Improved well-being': { theme: [0.7, 1.5, 1.0] },
  'Improved life chances': { theme: [0.7, 1.5, 1.0] },
  Employment: { theme: [0.6, 1.6, 0.9], model: [0.3, 1.0, 1.8, 1.0, 1.8] },
  'Increase in skills, knowledge or understanding': { theme: [0.8, 1.6, 0.9] },
  'Life changing experience': { theme: [0.8, 1.6, 0.9] },
  Pride: { theme: [0.5, 1.3, 1.3] },
  Ownership: { theme: [0.5, 1.3, 1.3] },
  Empowerment: { theme: [0.5, 1.3, 1.3] },
  'Self-esteem': { theme: [0.5, 1.3, 1.3] },
};

function weightOf(family: FigureFamily, code: string, themeIndex: number, modelNumber: number): number {
  const own = CODE_WEIGHT[code];
  const theme = (own?.theme ?? THEME_WEIGHT[family])[themeIndex]!;
  const model = (own?.model ?? MODEL_WEIGHT[family])[modelNumber - 1]!;
  return theme * model;
}

// ---- The 120 -----------------------------------------------------------------------------------

/** Twelve made-up projects whose sizes add up to the review's theme and model group sizes. */
const PROJECT_PLAN: { name: string; theme: number; model: number; place: string; respondents: number }[] = [
  { name: 'Benefits advice surgery', theme: 0, model: 1, place: 'Dundee', respondents: 10 },
  { name: 'Housing and debt advice line', theme: 0, model: 1, place: 'Paisley', respondents: 10 },
  { name: 'Lunch club volunteers', theme: 2, model: 1, place: 'Inverness', respondents: 9 },
  { name: 'Route to work training', theme: 1, model: 2, place: 'Kirkcaldy', respondents: 15 },
  { name: 'Peer befrienders', theme: 2, model: 3, place: 'Ayr', respondents: 8 },
  { name: 'Family volunteers network', theme: 2, model: 3, place: 'Aberdeen', respondents: 7 },
  { name: 'Energy and money advice hub', theme: 0, model: 4, place: 'Dundee', respondents: 11 },
  { name: 'Digital skills classes', theme: 1, model: 4, place: 'Paisley', respondents: 8 },
  { name: 'Cooking and food hygiene course', theme: 1, model: 4, place: 'Inverness', respondents: 8 },
  { name: 'Volunteer to staff pathway', theme: 2, model: 4, place: 'Kirkcaldy', respondents: 16 },
  { name: 'Trainee tutors programme', theme: 1, model: 5, place: 'Ayr', respondents: 13 },
  { name: 'Young mentors', theme: 2, model: 5, place: 'Aberdeen', respondents: 5 },
];

export interface SyntheticProject {
  name: string;
  description: string;
  themes: string[];
  coproductionModel: string;
  place: string;
  phase: string | null;
  provenance: 'synthetic';
}

export interface SyntheticRespondent extends Respondent {
  project: string;
  provenance: 'synthetic';
}

export interface SyntheticCoding extends Coding {
  family: string;
  provenance: 'synthetic';
}

export interface SyntheticPcf {
  provenance: 'synthetic';
  note: string;
  seed: number;
  /** Group orders for charts, as the demo programme's vocabularies have them. */
  vocabularies: { participant_type: string[]; theme: string[]; coproduction_model: string[] };
  /** Every family the reports name, codes in the reports' order. Enablers and barriers are not coded. */
  codebook: { family: string; codes: string[] }[];
  projects: SyntheticProject[];
  respondents: SyntheticRespondent[];
  codings: SyntheticCoding[];
}

const PROJECT_DESCRIPTION = 'Synthetic: made up by Cairn to the PCF review’s group sizes; not a real project.';

/** Respondent i of n in a round-robin that keeps each type's running share near its target (exact at the end). */
function interleave(sizes: readonly [string, number][], total: number): string[] {
  const assigned = sizes.map(() => 0);
  return Array.from({ length: total }, (_, i) => {
    let best = 0;
    let bestDeficit = -Infinity;
    sizes.forEach(([, n], t) => {
      const deficit = (n * (i + 1)) / total - assigned[t]!;
      if (deficit > bestDeficit + 1e-9) {
        bestDeficit = deficit;
        best = t;
      }
    });
    assigned[best]! += 1;
    return sizes[best]![0];
  });
}

/** k of the items, each drawn with chance in proportion to its weight, without replacement (Efraimidis–Spirakis). */
function weightedPick<T>(items: readonly T[], weights: readonly number[], k: number, random: () => number): T[] {
  return items
    .map((item, i) => ({ item, key: Math.log(random()) / weights[i]! }))
    .sort((a, b) => b.key - a.key)
    .slice(0, k)
    .map((x) => x.item);
}

/** The 120-respondent PCF-shaped evaluation. */
export function syntheticPcf(options: { seed?: number } = {}): SyntheticPcf {
  const seed = options.seed ?? 2017;
  const ref = reference();
  const sizes = ref.group_sizes_context_mechanism_outcome_figures;
  const modelOf = new Map(ref.coproduction_models.map((m) => [m.number, modelLabel(m)] as const));

  const projects: SyntheticProject[] = PROJECT_PLAN.map((p) => ({
    name: `${p.name} (synthetic)`,
    description: PROJECT_DESCRIPTION,
    themes: [ref.themes[p.theme]!],
    coproductionModel: modelOf.get(p.model)!,
    place: p.place,
    // The demo programme records no phases for the PCF.
    phase: null,
    provenance: 'synthetic',
  }));
  checkPlan(ref);

  const types = interleave(
    ref.participant_types.map((t) => [t, sizes.by_participant_type[t] ?? 0] as [string, number]),
    sizes.all,
  );
  const respondents: SyntheticRespondent[] = [];
  const planOf: (typeof PROJECT_PLAN)[number][] = [];
  PROJECT_PLAN.forEach((plan, p) => {
    const project = projects[p]!;
    for (let j = 0; j < plan.respondents; j++) {
      const i = respondents.length;
      respondents.push({
        id: `syn-${String(i + 1).padStart(3, '0')}`,
        participantType: types[i]!,
        themes: project.themes,
        coproductionModel: project.coproductionModel,
        place: project.place,
        phase: project.phase,
        project: project.name,
        attributes: {},
        consent: 'given',
        provenance: 'synthetic',
      });
      planOf.push(plan);
    }
  });

  const random = seededRandom(seed);
  const codings: SyntheticCoding[] = [];
  for (const family of FIGURE_FAMILIES) {
    for (const code of ref.codes_named_in_the_reports[family] ?? []) {
      const target = TARGETS[family][code];
      if (!target) throw new Error(`No target share for the ${family} code ${code}: add it to TARGETS`);
      ref.participant_types.forEach((type, t) => {
        const members = respondents.map((r, i) => ({ r, i })).filter(({ r }) => r.participantType === type);
        // The nearest whole number of respondents to the target percent, halves up.
        const k = Math.floor((target[t]! * members.length + 50) / 100);
        const weights = members.map(({ i }) => weightOf(family, code, planOf[i]!.theme, planOf[i]!.model));
        const chosen = new Set(weightedPick(members, weights, k, random).map(({ i }) => i));
        // Codings in respondent order, so the output reads naturally and is stable.
        for (const { r, i } of members) if (chosen.has(i)) codings.push({ respondentId: r.id, family, code, provenance: 'synthetic' });
      });
    }
  }
  codings.sort((a, b) => (a.respondentId < b.respondentId ? -1 : a.respondentId > b.respondentId ? 1 : 0));

  return {
    provenance: 'synthetic',
    note: SYNTHETIC_NOTE,
    seed,
    vocabularies: {
      participant_type: [...ref.participant_types],
      theme: [...ref.themes],
      coproduction_model: ref.coproduction_models.map(modelLabel),
    },
    codebook: Object.entries(ref.codes_named_in_the_reports).map(([family, codes]) => ({ family, codes: [...codes] })),
    projects,
    respondents,
    codings,
  };
}

/** The plan is written by hand: if the reference's group sizes ever change, say so rather than drift. */
function checkPlan(ref: Reference): void {
  const sizes = ref.group_sizes_context_mechanism_outcome_figures;
  const byTheme = new Map<string, number>();
  const byModel = new Map<string, number>();
  for (const p of PROJECT_PLAN) {
    const theme = ref.themes[p.theme]!;
    const model = ref.coproduction_models.find((m) => m.number === p.model)!.name;
    byTheme.set(theme, (byTheme.get(theme) ?? 0) + p.respondents);
    byModel.set(model, (byModel.get(model) ?? 0) + p.respondents);
  }
  const same = (got: Map<string, number>, want: Record<string, number>) =>
    got.size === Object.keys(want).length && Object.entries(want).every(([k, n]) => got.get(k) === n);
  if (!same(byTheme, sizes.by_theme) || !same(byModel, sizes.by_coproduction_model)) {
    throw new Error('The synthetic PCF projects no longer add up to the reference group sizes: update PROJECT_PLAN');
  }
}

// ---- At scale ----------------------------------------------------------------------------------

const SCALE_PLACES = 32;
const AGE_BANDS = ['16-24', '25-44', '45-64', '65 and over'];

/** The chance one respondent identifies a code at scale, capped so no code is certain. */
const chance = (targetPercent: number, factor: number, weight: number) => Math.min(0.95, (targetPercent / 100) * factor * weight);

/** Projects at scale: one per 100 respondents, at least 12. */
export function scaleProjectCount(n: number): number {
  return Math.max(12, Math.ceil(n / 100));
}

/**
 * Project j at scale, worked out from j alone (no list is built): themes and models in roughly the
 * review's proportions, a quarter of projects carrying a second theme (so theme groups overlap, as
 * they will in real data), one of 32 places and one of three phases.
 */
export function scaleProject(j: number): SyntheticProject {
  const ref = reference();
  const sizes = ref.group_sizes_context_mechanism_outcome_figures;
  const pick = (u: number, shares: Record<string, number>) => {
    let acc = 0;
    const entries = Object.entries(shares);
    for (const [value, n] of entries) {
      acc += n / sizes.all;
      if (u < acc) return value;
    }
    return entries.at(-1)![0];
  };
  // A low-discrepancy sequence (the R2 sequence: steps of 1/φ₂ and 1/φ₂², φ₂ the plastic number) rather
  // than random draws, so even a few hundred projects hit the review's theme × model mix closely.
  const u = (j * 0.7548776662466927) % 1;
  const v = (j * 0.5698402909980532) % 1;
  const theme = pick(u, sizes.by_theme);
  const themes = [theme];
  if (j % 4 === 0) themes.push(ref.themes[(ref.themes.indexOf(theme) + 1) % ref.themes.length]!);
  const modelName = pick(v, sizes.by_coproduction_model);
  const model = ref.coproduction_models.find((m) => m.name === modelName)!;
  return {
    name: `Synthetic project ${String(j + 1).padStart(5, '0')}`,
    description: PROJECT_DESCRIPTION,
    themes,
    coproductionModel: modelLabel(model),
    place: `Synthetic place ${String((j % SCALE_PLACES) + 1).padStart(2, '0')}`,
    phase: `Phase ${1 + (j % 3)}`,
    provenance: 'synthetic',
  };
}

/** Every project at scale, for loading before the respondents. Small: n / 100 objects. */
export function scaleProjects(n: number): SyntheticProject[] {
  return Array.from({ length: scaleProjectCount(n) }, (_, j) => scaleProject(j));
}

export interface ScaleRecord {
  respondent: SyntheticRespondent;
  codings: SyntheticCoding[];
}

export interface ScaleOptions {
  seed?: number;
  /** Share of respondents who have withdrawn consent (kept as records, left out of analyses). Default 0.01. */
  withdrawnShare?: number;
  /** Average codings per respondent. Default 12. */
  codingsPerRespondent?: number;
}

/**
 * n respondents, one at a time with their codings: nothing is kept between records, so a million
 * respondents need no more memory than one. Respondent i is in project floor(i·P/n) of P =
 * `scaleProjectCount(n)`; participant types follow the review's 16:39:65; each code is identified
 * with its `TARGETS` share for the respondent's type, leaning by theme and model as in the 120, scaled
 * so the average is `codingsPerRespondent`.
 */
export function* scale(n: number, options: ScaleOptions = {}): Generator<ScaleRecord, void, undefined> {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`scale needs a whole number of respondents, 1 or more: got ${n}`);
  const withdrawnShare = options.withdrawnShare ?? 0.01;
  const perRespondent = options.codingsPerRespondent ?? 12;
  if (!(withdrawnShare >= 0 && withdrawnShare <= 1)) throw new Error(`withdrawnShare is a share from 0 to 1: got ${withdrawnShare}`);
  if (!(perRespondent > 0)) throw new Error(`codingsPerRespondent must be above 0: got ${perRespondent}`);

  const ref = reference();
  const sizes = ref.group_sizes_context_mechanism_outcome_figures;
  const typeShares = ref.participant_types.map((t) => (sizes.by_participant_type[t] ?? 0) / sizes.all);
  const codes = FIGURE_FAMILIES.flatMap((family) =>
    (ref.codes_named_in_the_reports[family] ?? []).map((code) => ({ family, code, target: TARGETS[family][code]! })),
  );
  // Scale the targets so the expected codings per respondent, over the mix of types, themes and models
  // (and allowing for the cap on any one chance), is the average asked for. A few rounds settle it.
  const themeShares = ref.themes.map((t) => (sizes.by_theme[t] ?? 0) / sizes.all);
  const modelShares = ref.coproduction_models.map((m) => ({
    number: m.number,
    share: (sizes.by_coproduction_model[m.name] ?? 0) / sizes.all,
  }));
  const expectedCodings = (factor: number) => {
    let sum = 0;
    for (const c of codes) {
      typeShares.forEach((typeShare, t) => {
        themeShares.forEach((themeShare, th) => {
          for (const m of modelShares)
            sum += typeShare * themeShare * m.share * chance(c.target[t]!, factor, weightOf(c.family, c.code, th, m.number));
        });
      });
    }
    return sum;
  };
  let factor = 1;
  for (let round = 0; round < 20; round++) factor *= perRespondent / expectedCodings(factor);
  if (Math.abs(expectedCodings(factor) - perRespondent) > 0.01 * perRespondent) {
    throw new Error(`codingsPerRespondent ${perRespondent} cannot be reached with ${codes.length} codes: ask for fewer`);
  }
  const themeIndex = new Map(ref.themes.map((t, i) => [t, i] as const));
  const modelNumber = new Map(ref.coproduction_models.map((m) => [modelLabel(m), m.number] as const));

  const projectCount = scaleProjectCount(n);
  const width = Math.max(7, String(n).length);
  const random = seededRandom(options.seed ?? 2017);
  let projectIndex = -1;
  let project: SyntheticProject | undefined;
  let theme = 0;
  let model = 1;
  for (let i = 0; i < n; i++) {
    const j = Math.floor((i * projectCount) / n);
    if (j !== projectIndex) {
      projectIndex = j;
      project = scaleProject(j);
      theme = themeIndex.get(project.themes[0]!)!;
      model = modelNumber.get(project.coproductionModel)!;
    }
    let u = random();
    let t = 0;
    while (t < typeShares.length - 1 && u >= typeShares[t]!) u -= typeShares[t++]!;
    const id = `syn-${String(i + 1).padStart(width, '0')}`;
    const respondent: SyntheticRespondent = {
      id,
      participantType: ref.participant_types[t]!,
      themes: project!.themes,
      coproductionModel: project!.coproductionModel,
      place: project!.place,
      phase: project!.phase,
      project: project!.name,
      attributes: { age_band: AGE_BANDS[Math.floor(random() * AGE_BANDS.length)]! },
      consent: random() < withdrawnShare ? 'withdrawn' : 'given',
      provenance: 'synthetic',
    };
    const codings: SyntheticCoding[] = [];
    for (const c of codes) {
      if (random() < chance(c.target[t]!, factor, weightOf(c.family, c.code, theme, model)))
        codings.push({ respondentId: id, family: c.family, code: c.code, provenance: 'synthetic' });
    }
    yield { respondent, codings };
  }
}
