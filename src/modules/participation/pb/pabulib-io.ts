// Pabulib .pb files in and out: a file read makes a new round (its META, rule included), its projects
// and its ballots, all or nothing; a round written out gives back what it was made from, with the votes
// and the selection the round's own rule gives.
import { eq } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Invalid } from '../../../errors.js';
import type { Actor } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { type PbFile, electionOf, metaValue, readPabulib, writePabulib } from '../domain/pabulib.js';
import { countRound } from './count.js';
import { createRound, loadRound, proposalsOf } from './rounds.js';
import { type PbRule, pbBallots, pbProposals, pbRounds } from './schema.js';

/** META's rule as Cairn counts it, or null for one it does not. */
export function ruleOfMeta(rule: string | null): PbRule | null {
  const r = (rule ?? '').trim().toLowerCase();
  if (r === 'greedy') return 'greedy';
  if (r === 'equalshares' || r === 'equalshares/add1' || r === 'mes' || r === 'equal-shares') return 'equal-shares';
  return null;
}

const PROJECT_COLUMNS = new Set(['project_id', 'cost', 'name', 'category', 'votes', 'selected', 'score']);
const VOTER_COLUMNS = new Set(['voter_id', 'vote', 'points']);
const intOf = (s: string | undefined) => (s !== undefined && /^\s*\d+\s*$/.test(s) ? Number(s) : undefined);

/**
 * Reads a Pabulib file into a new round named `slug`. Every problem with the file is reported at once
 * (by line); nothing is stored unless the whole file is good.
 */
export async function importPabulib(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, text: string) {
  const { file, problems } = readPabulib(text);
  const { election, problems: electionProblems } = problems.length ? { election: null, problems } : electionOf(file);
  if (!election) {
    const all = problems.length ? problems : electionProblems;
    const first = all[0]!;
    // One line that says nothing was stored and what the first problem is; every problem follows by line.
    throw new Invalid(
      `Nothing was imported: ${all.length} problem${all.length === 1 ? '' : 's'} in the file. The first: ${first.line ? `line ${first.line}: ` : ''}${first.message}`,
      all.map((p) => ({ path: [p.line ? `line ${p.line}` : 'file'], message: p.message })),
    );
  }
  const rule = ruleOfMeta(election.rule) ?? 'greedy';
  const name = metaValue(file, 'description') || [metaValue(file, 'unit'), metaValue(file, 'instance')].filter(Boolean).join(' ') || slug;
  const minLength = intOf(metaValue(file, 'min_length'));
  const maxLength = intOf(metaValue(file, 'max_length'));
  const maxSumCost = intOf(metaValue(file, 'max_sum_cost'));
  const round = await createRound(
    db,
    ctx,
    actor,
    {
      slug,
      name: name.slice(0, 200),
      budget: election.instance.budget,
      rule,
      ballotKind: maxSumCost !== undefined ? 'knapsack' : 'approval',
      minProjects: minLength ?? 1,
      maxProjects: maxLength ?? null,
      stage: 'vote',
    },
    {
      pabulibMeta: file.meta,
      voterColumns: file.votes.columns,
      currency: metaValue(file, 'currency') ?? 'GBP',
    },
  );
  const projectCols = file.projects.columns;
  // The round was made in its own transaction (with its audit row); should storing the file's rows
  // fail, the round goes too, so the import is all or nothing.
  try {
    await db.transaction(async (tx) => {
      const rows = file.projects.rows.map((row, i) => ({
        roundId: round.id,
        ref: election.projectIds[i]!,
        position: i + 1,
        name: (row.name ?? '').trim() || `Project ${election.projectIds[i]}`,
        cost: election.instance.costs[i]!,
        category: row.category ?? '',
        eligibility: 'eligible' as const,
        extra: Object.fromEntries(projectCols.filter((c) => !PROJECT_COLUMNS.has(c)).map((c) => [c, row[c] ?? ''])),
      }));
      for (let i = 0; i < rows.length; i += 1000) await tx.insert(pbProposals).values(rows.slice(i, i + 1000));
      const voterCols = file.votes.columns.filter((c) => !VOTER_COLUMNS.has(c));
      const ballots = file.votes.rows.map((row, v) => ({
        roundId: round.id,
        source: 'import' as const,
        voterRef: election.voterIds[v]!,
        choices: (row.vote ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        extra: Object.fromEntries(voterCols.map((c) => [c, row[c] ?? ''])),
        castAt: new Date(Date.UTC(2000, 0, 1) + v),
      }));
      for (let i = 0; i < ballots.length; i += 2000) await tx.insert(pbBallots).values(ballots.slice(i, i + 2000));
    });
  } catch (err) {
    await db.delete(pbRounds).where(eq(pbRounds.id, round.id));
    throw err;
  }
  return {
    round: round.slug,
    name: round.name,
    rule,
    ruleAsWritten: election.rule,
    projects: file.projects.rows.length,
    ballots: file.votes.rows.length,
  };
}

/** The round as a Pabulib file: META (the imported rows kept, the figures as they are now), PROJECTS, VOTES. */
export async function exportPabulib(db: Queryable, ctx: ProgrammeContext, slug: string, locality?: string): Promise<string> {
  const round = await loadRound(db, ctx, slug);
  if (round.localities.length && !round.localities.some((l) => l.name === locality))
    throw new Invalid(
      `This round has localities (${round.localities.map((l) => l.name).join(', ')}): a Pabulib file holds one, so choose which`,
      [{ path: ['locality'], message: 'Choose the locality to export' }],
    );
  const [allProposals, allBallots] = await Promise.all([
    proposalsOf(db, round.id),
    db
      .select({ voterRef: pbBallots.voterRef, locality: pbBallots.locality, choices: pbBallots.choices, extra: pbBallots.extra })
      .from(pbBallots)
      .where(eq(pbBallots.roundId, round.id))
      .orderBy(pbBallots.castAt, pbBallots.id),
  ]);
  const here = <T extends { locality: string | null }>(xs: T[]) => (locality ? xs.filter((x) => x.locality === locality) : xs);
  const proposals = here(allProposals).filter((p) => p.eligibility !== 'ineligible');
  const ballots = here(allBallots);
  const budget = round.localities.find((l) => l.name === locality)?.budget ?? round.budget;
  const counted = countRound({ ...round, localities: [], budget }, proposals, ballots);
  const figures = new Map(counted.localities[0]!.projects.map((p) => [p.proposalId, p]));
  const set = new Map<string, string>(round.pabulibMeta);
  const meta: [string, string][] = round.pabulibMeta.length
    ? [...round.pabulibMeta]
    : [
        ['description', round.name],
        ['country', 'United Kingdom'],
        ['unit', locality ? `${ctx.programme.name}, ${locality}` : ctx.programme.name],
        ['instance', String(new Date().getUTCFullYear())],
      ];
  const put = (k: string, v: string | null | undefined) => {
    const i = meta.findIndex(([key]) => key.toLowerCase() === k);
    if (v === null || v === undefined) return;
    if (i >= 0) meta[i] = [meta[i]![0], v];
    else meta.push([k, v]);
  };
  put('num_projects', String(proposals.length));
  put('num_votes', String(ballots.length));
  put('budget', String(budget));
  put('vote_type', 'approval');
  put('rule', round.rule === 'greedy' ? 'greedy' : 'equalshares/add1');
  // An imported file keeps its own META: no currency is added to a file that had none.
  if (!round.pabulibMeta.length || set.has('currency')) put('currency', round.currency);
  if (round.maxProjects !== null) put('max_length', String(round.maxProjects));
  if (round.minProjects > 1 || set.has('min_length')) put('min_length', String(round.minProjects));
  if (round.ballotKind === 'knapsack') put('max_sum_cost', String(budget));
  const extraProjectCols = [...new Set(proposals.flatMap((p) => Object.keys(p.extra)))];
  const projectColumns = ['project_id', 'cost', 'votes', 'name', 'category', 'selected', ...extraProjectCols];
  const voterExtra = round.voterColumns.filter((c) => !['voter_id', 'vote'].includes(c));
  const otherVoterCols = [...new Set(ballots.flatMap((b) => Object.keys(b.extra)))].filter((c) => !voterExtra.includes(c));
  const voteColumns = ['voter_id', ...voterExtra, ...otherVoterCols, 'vote'];
  const file: PbFile = {
    meta,
    projects: {
      columns: projectColumns,
      lines: [],
      rows: proposals.map((p) => ({
        project_id: p.ref,
        cost: String(p.cost),
        votes: String(figures.get(p.id)?.votes ?? 0),
        name: p.name,
        category: p.category,
        selected: figures.get(p.id)?.selected ? '1' : '0',
        ...p.extra,
      })),
    },
    votes: {
      columns: voteColumns,
      lines: [],
      rows: ballots.map((b) => ({ ...b.extra, voter_id: b.voterRef, vote: b.choices.join(',') })),
    },
  };
  return writePabulib(file);
}
