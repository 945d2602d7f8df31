/**
 * The demo's Place Standard surveys (issue 18, point 10), in the People and Communities Fund's
 * programme: an Inverclyde-style "Our Place, Our Future" with two localities (Greenock and Port Glasgow)
 * in an adult version over two waves and a young people's version. Every score and comment is made up
 * (a fixed pseudo-random sequence, so the demo is the same each time) and the surveys are marked
 * illustrative, on their pages and to residents.
 */
import type { Tx } from '../../db/database.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import { placeResponses, placeSurveys } from '../participation/place-standard/schema.js';
import { presentSurvey } from '../participation/place-standard/service.js';

/** A small fixed pseudo-random sequence (mulberry32): the same demo every time. */
function sequence(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each group's leaning per theme (1–7): Port Glasgow lower on work and transport, greener in wave 2. */
const LEAN: Record<string, number[]> = {
  'Greenock 1': [4.6, 4.2, 3.4, 3.8, 5.4, 4.4, 4.8, 3.0, 3.9, 4.3, 4.6, 4.1, 3.3, 2.8],
  'Greenock 2': [4.9, 4.1, 3.6, 4.3, 5.6, 4.9, 4.9, 3.3, 4.0, 4.6, 4.8, 4.4, 3.9, 3.4],
  'Port Glasgow 1': [4.1, 3.1, 3.9, 3.2, 4.8, 3.6, 3.7, 2.4, 3.6, 3.9, 4.4, 3.8, 2.9, 2.6],
  'Port Glasgow 2': [4.2, 3.4, 3.9, 3.6, 5.0, 4.0, 3.8, 2.7, 3.7, 4.1, 4.5, 3.9, 3.3, 3.0],
};

const COMMENTS: [number, string, string][] = [
  [0, 'The Esplanade is lovely to walk along', 'Pavements up the hill are broken in places'],
  [1, 'Trains into Glasgow are regular', 'No bus after 7pm to our scheme'],
  [4, 'Lyle Hill and the parks are close by', 'The burn path is overgrown'],
  [5, 'The new play park is well used', 'Nothing for teenagers in the evening'],
  [7, 'Some new jobs at the waterfront', 'Young people leave to find work'],
  [11, 'Neighbours look out for each other', 'The underpass feels unsafe at night'],
  [12, 'The community garden is well kept', 'Empty shops on the main street'],
  [13, 'The community council listens', 'Decisions are made before we are asked'],
];

const YOUNG_COMMENTS: [number, string, string][] = [
  [5, 'The skate park', 'Somewhere to go when it rains'],
  [9, 'The youth club on Fridays', 'More places to hang out that are free'],
  [13, 'The youth forum', 'Adults do not ask us what we think'],
];

function answers(
  random: () => number,
  lean: number[],
  scale: number,
  comments: [number, string, string][],
  n: number,
): { scores: (number | null)[]; comments: { good: string; better: string }[] } {
  const scores = lean.map((m) => {
    if (random() < 0.06) return null;
    const centred = scale === 7 ? m : 1 + ((m - 1) * (scale - 1)) / 6;
    return Math.min(scale, Math.max(1, Math.round(centred + (random() + random() + random() - 1.5) * 2)));
  });
  const out = lean.map(() => ({ good: '', better: '' }));
  for (const [theme, good, better] of comments) {
    if ((n + theme) % 5 === 0) out[theme] = { good, better: '' };
    else if ((n + theme) % 5 === 2) out[theme] = { good: '', better };
  }
  return { scores, comments: out };
}

export async function loadPlaceStandardDemo(tx: Tx, actor: Actor, programmeId: string): Promise<void> {
  const random = sequence(18);
  const surveys = [
    {
      slug: 'our-place',
      title: 'Our Place, Our Future (illustrative)',
      version: 'adult' as const,
      scale: 7,
      currentWave: '2',
      groups: [
        ['Greenock', '1', 24],
        ['Port Glasgow', '1', 18],
        ['Greenock', '2', 21],
        // Too few to chart: the compass says so.
        ['Port Glasgow', '2', 4],
      ] as [string, string, number][],
      comments: COMMENTS,
    },
    {
      slug: 'our-place-young-people',
      title: 'Our Place, Our Future – young people (illustrative)',
      version: 'young_people' as const,
      scale: 7,
      currentWave: '1',
      groups: [
        ['Greenock', '1', 12],
        ['Port Glasgow', '1', 9],
      ] as [string, string, number][],
      comments: YOUNG_COMMENTS,
    },
  ];
  for (const def of surveys) {
    const [survey] = await tx
      .insert(placeSurveys)
      .values({
        programmeId,
        slug: def.slug,
        title: def.title,
        version: def.version,
        scale: def.scale,
        status: 'open',
        currentWave: def.currentWave,
        localities: ['Greenock', 'Port Glasgow'],
        illustrative: true,
      })
      .returning();
    await recordAudit(tx, actor, {
      programmeId,
      entityType: 'place-survey',
      entityId: survey!.id,
      action: 'create',
      summary: `Set up the Place Standard survey ${survey!.title} (demo data, illustrative)`,
      after: presentSurvey(survey!),
    });
    let n = 0;
    const rows = def.groups.flatMap(([locality, wave, count]) =>
      Array.from({ length: count }, () => {
        n++;
        const lean = LEAN[`${locality} ${wave}`]!.map((m) => (def.version === 'young_people' ? m - 0.4 : m));
        return {
          surveyId: survey!.id,
          respondent: `DEMO-${def.version === 'adult' ? 'A' : 'Y'}${String(n).padStart(3, '0')}`,
          locality,
          wave,
          kind: 'individual' as 'individual' | 'group',
          source: 'import' as 'import' | 'organiser',
          groupSize: null as number | null,
          ...answers(random, lean, def.scale, def.comments, n),
        };
      }),
    );
    // One facilitated session in Port Glasgow agreed a group score.
    if (def.version === 'adult') {
      rows.push({
        surveyId: survey!.id,
        respondent: 'DEMO-GROUP-1',
        locality: 'Port Glasgow',
        wave: '1',
        kind: 'group',
        source: 'organiser',
        groupSize: 9,
        ...answers(random, LEAN['Port Glasgow 1']!, 7, COMMENTS, 3),
      });
    }
    await tx
      .insert(placeResponses)
      .values(rows.map((r) => (r.kind === 'group' ? { ...r, groupSize: 9, source: 'organiser' as const } : r)));
  }
}
