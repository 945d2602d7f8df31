/**
 * The demo's participatory budgeting round: a small-grants round in the style of Midlothian's PB pilots
 * (the CPP action learning: deliberative, small sums, deprived communities). ILLUSTRATIVE: the round is
 * marked so (provenance and its name), its proposals are invented to show the shape of such a round,
 * and its 60 ballots are made up by a fixed rule (paper ballots numbered ILL-1 …), not anyone's vote.
 * The round is at its vote, ready for an organiser to count (by either rule) and publish.
 */
import type { Tx } from '../../db/database.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import { pbBallots, pbProposals, pbRounds } from '../participation/pb/schema.js';

const PROPOSALS = [
  {
    name: 'Lunch club kitchen kit',
    cost: 1800,
    category: 'older people',
    proposedBy: 'Eskbank Lunch Club',
    evidenceOfNeed: 'Around 40 older people come each week; the cooker has failed twice this winter.',
    deliveredBy: 'Eskbank Lunch Club volunteers',
  },
  {
    name: 'Holiday play scheme',
    cost: 2500,
    category: 'children and families',
    proposedBy: 'Mayfield Parents Group',
    evidenceOfNeed: 'Families told the community survey that the summer holidays are the hardest weeks for food and activities.',
    deliveredBy: 'Mayfield Parents Group with the community centre',
  },
  {
    name: 'Community garden tool store',
    cost: 900,
    category: 'environment',
    proposedBy: 'A resident of Woodburn',
    proposerKind: 'resident' as const,
    evidenceOfNeed: 'Tools are kept in a volunteer’s flat; the garden group has doubled to 18 people.',
    deliveredBy: 'Woodburn Growers',
  },
  {
    name: 'Youth football kit and pitch hire',
    cost: 1500,
    category: 'young people',
    proposedBy: 'Gorebridge Youth Football',
    evidenceOfNeed: 'Two teams of under-14s train on a lit pitch they cannot afford to hire every week.',
    deliveredBy: 'Gorebridge Youth Football coaches',
  },
  {
    name: 'Digital drop-in sessions',
    cost: 1200,
    category: 'learning',
    proposedBy: 'Newtongrange Library Friends',
    evidenceOfNeed: 'People asked for help with online forms for benefits and repairs.',
    deliveredBy: 'Library Friends volunteers',
  },
  {
    name: 'Walking group leaders’ training',
    cost: 600,
    category: 'health',
    proposedBy: 'Penicuik Health Walks',
    evidenceOfNeed: 'Walks stop when the one trained leader is away.',
    deliveredBy: 'Penicuik Health Walks',
  },
];

/** Which proposals (by position, 1–6) illustrative ballot n chooses: a fixed pattern, not a vote. */
function choicesOf(n: number): string[] {
  const picks = [[1, 2], [2, 4], [1, 3, 6], [2], [4, 5], [1, 2, 5], [3, 6], [2, 4, 6], [1], [5, 6]][n % 10]!;
  return picks.map(String);
}

export async function loadPbDemo(tx: Tx, actor: Actor, programmeId: string): Promise<void> {
  const [round] = await tx
    .insert(pbRounds)
    .values({
      programmeId,
      slug: 'small-grants-illustrative',
      name: 'Small grants round (illustrative)',
      description:
        'An illustrative small-grants round in the style of Midlothian’s participatory budgeting pilots: invented proposals and made-up ballots.',
      budget: 5000,
      stage: 'vote',
      rule: 'equal-shares',
      ballotKind: 'approval',
      minProjects: 1,
      maxProjects: 3,
      eligiblePopulation: 400,
      councilBudget: 300_000,
      provenance: 'illustrative',
      phaseDates: {
        ideas: { startsOn: '2026-01-12', endsOn: '2026-02-13' },
        feasibility: { startsOn: '2026-02-16', endsOn: '2026-02-27' },
        deliberation: { startsOn: '2026-03-02', endsOn: '2026-03-13' },
        vote: { startsOn: '2026-03-14', endsOn: '2026-03-28' },
      },
    })
    .returning();
  await tx
    .insert(pbProposals)
    .values(PROPOSALS.map((p, i) => ({ ...p, roundId: round!.id, ref: String(i + 1), position: i + 1, eligibility: 'eligible' as const })));
  await tx.insert(pbBallots).values(
    Array.from({ length: 60 }, (_, n) => ({
      roundId: round!.id,
      source: 'paper' as const,
      voterRef: `ILL-${n + 1}`,
      choices: choicesOf(n),
      castAt: new Date(Date.UTC(2026, 2, 14, 10, 0, n)),
    })),
  );
  await recordAudit(tx, actor, {
    programmeId,
    entityType: 'pb_round',
    entityId: round!.id,
    action: 'create',
    summary: 'Set up the illustrative small-grants round (demo data: invented proposals, made-up ballots)',
    after: { name: round!.name, budget: round!.budget, stage: round!.stage },
  });
}
