/**
 * Pabulib `.pb` files, the format researchers and cities publish participatory budgeting votes in:
 * three sections, each starting with a line of its name — META (`key;value` rows), PROJECTS (a header
 * row, then one project a row: `project_id;cost;…`) and VOTES (a header row, then one ballot a row:
 * `voter_id;…;vote`, the vote a comma-separated list of project ids). Fields are separated by semicolons
 * and quoted with double quotes where they hold a semicolon, a quote or a line break (a quote inside is
 * doubled), as a CSV writer quotes them.
 *
 * Reading keeps every column and its order, so writing a file read gives it back; `instanceOf` gives the
 * counting rules what they need. Every problem of a file is reported at once, by line.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { PbInstance } from './pb-count.js';

export interface PbTable {
  columns: string[];
  rows: Record<string, string>[];
  /** The line each row was read from (for problems); empty for a table made in Cairn. */
  lines: number[];
}

export interface PbFile {
  /** META rows in file order. */
  meta: [string, string][];
  projects: PbTable;
  votes: PbTable;
}

export interface PbProblem {
  /** 1-based line in the file, or null for the file as a whole. */
  line: number | null;
  message: string;
}

const SECTIONS = ['meta', 'projects', 'votes'] as const;
type Section = (typeof SECTIONS)[number];

/** The file's sections, or every problem with them. */
export function readPabulib(text: string): { file: PbFile; problems: PbProblem[] } {
  const problems: PbProblem[] = [];
  const file: PbFile = { meta: [], projects: { columns: [], rows: [], lines: [] }, votes: { columns: [], rows: [], lines: [] } };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      delimiter: ';',
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? null;
    return { file, problems: [{ line, message: 'A quoted field is not closed: check the quotes on this line' }] };
  }
  let section: Section | null = null;
  let header: string[] | null = null;
  const seen = new Set<Section>();
  for (const { record, info } of records) {
    const line = info.lines;
    const first = (record[0] ?? '').trim().toLowerCase();
    if (record.length === 1 || (record.length > 1 && record.slice(1).every((f) => f.trim() === ''))) {
      if ((SECTIONS as readonly string[]).includes(first)) {
        section = first as Section;
        if (seen.has(section)) problems.push({ line, message: `A second ${section.toUpperCase()} section: a file has one of each` });
        seen.add(section);
        header = null;
        continue;
      }
    }
    if (!section) {
      problems.push({ line, message: 'The file must start with a META, PROJECTS or VOTES line' });
      continue;
    }
    if (section === 'meta') {
      if (header === null && first === 'key') {
        header = record;
        continue;
      }
      header = header ?? ['key', 'value'];
      file.meta.push([(record[0] ?? '').trim(), (record.slice(1).join(';') ?? '').trim()]);
      continue;
    }
    const table = section === 'projects' ? file.projects : file.votes;
    if (header === null) {
      header = record.map((c) => c.trim());
      table.columns = header;
      continue;
    }
    if (record.length !== header.length) {
      problems.push({ line, message: `${record.length} fields where the ${section.toUpperCase()} header has ${header.length}` });
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((c, i) => {
      row[c] = record[i]!;
    });
    table.rows.push(row);
    table.lines.push(line);
  }
  for (const s of SECTIONS) if (!seen.has(s)) problems.push({ line: null, message: `The file has no ${s.toUpperCase()} section` });
  if (seen.has('projects') && !file.projects.columns.includes('project_id'))
    problems.push({ line: null, message: 'The PROJECTS header has no project_id column' });
  if (seen.has('projects') && !file.projects.columns.includes('cost'))
    problems.push({ line: null, message: 'The PROJECTS header has no cost column' });
  if (seen.has('votes') && !file.votes.columns.includes('vote'))
    problems.push({ line: null, message: 'The VOTES header has no vote column' });
  return { file, problems };
}

export function metaValue(file: PbFile, key: string): string | undefined {
  return file.meta.find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
}

export interface PbElection {
  instance: PbInstance;
  projectIds: string[];
  voterIds: string[];
  /** META's vote_type (approval when missing) and rule, as written. */
  voteType: string;
  rule: string | null;
}

const wholeNumber = (s: string) => /^\s*\d+(\.0+)?\s*$/.test(s);

/**
 * What the counting rules need from an approval election, or every problem: the budget, each project's
 * cost (a whole number of units), each ballot's approved projects (known ids, each once).
 */
export function electionOf(file: PbFile): { election: PbElection | null; problems: PbProblem[] } {
  const problems: PbProblem[] = [];
  const voteType = (metaValue(file, 'vote_type') ?? 'approval').toLowerCase();
  if (voteType !== 'approval')
    problems.push({
      line: null,
      message: `This file's votes are "${voteType}"; Cairn counts approval ballots (knapsack ballots are approval ballots with a cost limit)`,
    });
  const budgetText = metaValue(file, 'budget');
  const budget = budgetText !== undefined && wholeNumber(budgetText) ? Math.round(Number(budgetText)) : Number.NaN;
  if (budgetText === undefined) problems.push({ line: null, message: 'META has no budget' });
  else if (Number.isNaN(budget)) problems.push({ line: null, message: `META's budget "${budgetText}" is not a whole number` });
  const projectIds: string[] = [];
  const costs: number[] = [];
  const indexOf = new Map<string, number>();
  file.projects.rows.forEach((row, i) => {
    const line = file.projects.lines[i] ?? null;
    const id = (row.project_id ?? '').trim();
    const cost = row.cost ?? '';
    if (!id) problems.push({ line, message: `Project ${i + 1} has no project_id` });
    else if (indexOf.has(id)) problems.push({ line, message: `Project ${id} is listed twice` });
    if (!wholeNumber(cost)) problems.push({ line, message: `Project ${id || i + 1}: cost "${cost}" is not a whole number` });
    indexOf.set(id, projectIds.length);
    projectIds.push(id);
    costs.push(Math.round(Number(cost)));
  });
  const approvers: number[][] = projectIds.map(() => []);
  const voterIds: string[] = [];
  file.votes.rows.forEach((row, v) => {
    const line = file.votes.lines[v] ?? null;
    const voter = (row.voter_id ?? String(v + 1)).trim();
    voterIds.push(voter);
    const ids = (row.vote ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const mine = new Set<number>();
    for (const id of ids) {
      const p = indexOf.get(id);
      if (p === undefined) problems.push({ line, message: `Voter ${voter} voted for project ${id}, which PROJECTS does not list` });
      else if (mine.has(p)) problems.push({ line, message: `Voter ${voter} voted for project ${id} twice` });
      else {
        mine.add(p);
        approvers[p]!.push(v);
      }
    }
  });
  if (problems.length) return { election: null, problems };
  return {
    election: {
      instance: { costs, approvers, voters: voterIds.length, budget },
      projectIds,
      voterIds,
      voteType,
      rule: metaValue(file, 'rule') ?? null,
    },
    problems,
  };
}

/** The file as text, in Pabulib's layout: sections in order, semicolons, quotes only where needed. */
export function writePabulib(file: PbFile): string {
  const rows = (records: string[][]) => stringify(records, { delimiter: ';', record_delimiter: '\n' });
  let out = 'META\n';
  out += rows([['key', 'value'], ...file.meta.map(([k, v]) => [k, v])]);
  out += 'PROJECTS\n';
  out += rows([file.projects.columns, ...file.projects.rows.map((r) => file.projects.columns.map((c) => r[c] ?? ''))]);
  out += 'VOTES\n';
  out += rows([file.votes.columns, ...file.votes.rows.map((r) => file.votes.columns.map((c) => r[c] ?? ''))]);
  return out;
}
