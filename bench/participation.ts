/**
 * Participatory budgeting counts (issue 18): the Method of Equal Shares with add1 and greedy completion
 * beside greedy on the same ballots — a generated election of 100,000 approval ballots over 100 projects,
 * and a real Pabulib file (bench/fixtures). Each count runs in a process of its own, so its peak RSS is
 * its own: seconds and peak RSS, each rule beside greedy, and the fast equal-shares count beside the
 * straightforward one it is checked against (pb-count-reference.ts). Goal: equal shares ≤ 2 s at 100,000 ballots.
 * Run alone: `node --import tsx bench/participation.ts`; in the bench: `npm run bench -- --only participation`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { electionOf, readPabulib } from '../src/modules/participation/domain/pabulib.js';
import { equalSharesReference } from '../src/modules/participation/domain/pb-count-reference.js';
import { type PbInstance, equalShares, greedy } from '../src/modules/participation/domain/pb-count.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const self = fileURLToPath(import.meta.url);
const REAL = 'bench/fixtures/poland_warszawa_2017_plac-wojska-polskiego.pb';
const GOAL_SECONDS = 2;
const BALLOTS = Number(process.env.BENCH_PB_BALLOTS ?? 100_000);
const PROJECTS = 100;

/** A fixed pseudo-random election: costs 5,000–200,000; each voter approves 1–10 projects, popular ones more often. */
export function generatedElection(voters = BALLOTS, projects = PROJECTS, seed = 2026): PbInstance {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const costs = Array.from({ length: projects }, () => 5_000 + Math.floor(rand() * 195_000));
  const approvers: number[][] = costs.map(() => []);
  for (let v = 0; v < voters; v++) {
    const k = 1 + Math.floor(rand() * 10);
    const mine = new Set<number>();
    while (mine.size < k) mine.add(Math.floor(projects * rand() ** 1.6));
    for (const p of mine) approvers[p]!.push(v);
  }
  for (const a of approvers) a.sort((x, y) => x - y);
  const budget = Math.floor(costs.reduce((x, y) => x + y, 0) * 0.3);
  return { costs, approvers, voters, budget };
}

function instanceFor(source: string): PbInstance {
  if (source === 'generated') return generatedElection();
  const { election, problems } = electionOf(readPabulib(readFileSync(`${root}/${source}`, 'utf8')).file);
  if (!election) throw new Error(problems.map((p) => p.message).join('; '));
  return election.instance;
}

/** In a child: one count, timed, with the process's peak RSS. */
function child(rule: string, source: string) {
  const instance = instanceFor(source);
  const started = performance.now();
  const outcome =
    rule === 'greedy' ? greedy(instance) : rule === 'equal-shares-reference' ? equalSharesReference(instance) : equalShares(instance);
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({
      seconds,
      peakRssMb,
      funded: outcome.selected.length,
      selected: outcome.selected.join(','),
      cost: outcome.cost,
      budget: instance.budget,
      voters: instance.voters,
    }),
  );
}

interface Figure {
  seconds: number;
  selected: string;
  peakRssMb: number;
  funded: number;
  cost: number;
  budget: number;
  voters: number;
}

function run(rule: string, source: string): Figure {
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', rule, source], {
    cwd: root,
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`${rule} on ${source} failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Figure;
}

const n = (x: number, d = 0) => x.toLocaleString('en-GB', { minimumFractionDigits: d, maximumFractionDigits: d });

export function participationBench(): void {
  console.log(
    `\nParticipatory budgeting counts: each rule in a process of its own (seconds to count, the process’s peak RSS); load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  for (const [label, source] of [
    [`generated: ${n(BALLOTS)} approval ballots, ${PROJECTS} projects`, 'generated'],
    ['real Pabulib file: Warsaw 2017, Plac Wojska Polskiego', REAL],
  ] as const) {
    const g = run('greedy', source);
    const es = run('equal-shares', source);
    const ref = run('equal-shares-reference', source);
    console.log(`  ${label} (budget ${n(g.budget)}, ${n(g.voters)} voters)`);
    console.log(
      `    greedy (reference)             ${n(g.seconds, 3).padStart(8)} s  ${n(g.peakRssMb).padStart(6)} MB peak RSS  ${g.funded} funded, ${n(g.cost)} spent`,
    );
    console.log(
      `    equal shares, add1 + greedy    ${n(es.seconds, 3).padStart(8)} s  ${n(es.peakRssMb).padStart(6)} MB peak RSS  ${es.funded} funded, ${n(es.cost)} spent${
        source === 'generated' ? `   goal ≤ ${GOAL_SECONDS} s: ${es.seconds <= GOAL_SECONDS ? 'met' : 'NOT met'}` : ''
      }`,
    );
    console.log(
      `    equal shares, straightforward  ${n(ref.seconds, 3).padStart(8)} s  ${n(ref.peakRssMb).padStart(6)} MB peak RSS  ${ref.funded} funded, ${n(ref.cost)} spent   (every supporter sorted each time: pb-count-reference.ts; same projects in the same order: ${ref.selected === es.selected ? 'yes' : 'NO'})`,
    );
  }
}

const at = process.argv.indexOf('--child');
if (at >= 0) child(process.argv[at + 1]!, process.argv[at + 2]!);
else if (process.argv[1] === self) participationBench();
