import { describe, expect, it } from 'vitest';
import { electionOf, metaValue, readPabulib, writePabulib } from './pabulib.js';
import { equalShares, greedy } from './pb-count.js';

const FILE = `META
key;value
description;Small grants, illustrative
country;Scotland
unit;Midlothian
instance;2026
num_projects;3
num_votes;4
budget;100
vote_type;approval
rule;equalshares/add1
PROJECTS
project_id;cost;votes;name;category
1;50;3;"Bowls; and a bench";sport
2;30;1;"The ""Wee"" Library";culture
3;20;1;Seeds;environment
VOTES
voter_id;age;sex;vote
a;34;F;1
b;;M;1
c;71;F;1
d;19;;2,3
`;

describe('Pabulib files', () => {
  it('reads every section, with quoted fields as a CSV reader unquotes them', () => {
    const { file, problems } = readPabulib(FILE);
    expect(problems).toEqual([]);
    expect(metaValue(file, 'budget')).toBe('100');
    expect(metaValue(file, 'RULE')).toBe('equalshares/add1');
    expect(file.projects.columns).toEqual(['project_id', 'cost', 'votes', 'name', 'category']);
    expect(file.projects.rows.map((r) => r.name)).toEqual(['Bowls; and a bench', 'The "Wee" Library', 'Seeds']);
    expect(file.votes.rows[3]).toEqual({ voter_id: 'd', age: '19', sex: '', vote: '2,3' });
    expect(file.votes.lines[3]).toBe(22);
  });

  it('writes back what it read, quoting only where needed', () => {
    const { file } = readPabulib(FILE);
    expect(writePabulib(file)).toBe(FILE);
    expect(writePabulib(readPabulib(writePabulib(file)).file)).toBe(FILE);
  });

  it('gives the counting rules the election', () => {
    const { election, problems } = electionOf(readPabulib(FILE).file);
    expect(problems).toEqual([]);
    expect(election!.projectIds).toEqual(['1', '2', '3']);
    expect(election!.instance).toEqual({ costs: [50, 30, 20], approvers: [[0, 1, 2], [3], [3]], voters: 4, budget: 100 });
    expect(election!.rule).toBe('equalshares/add1');
    // The same election as the add1 worked example: equal shares funds all three; greedy only 1 and 2.
    expect(equalShares(election!.instance).selected).toEqual([0, 2, 1]);
    expect(greedy(election!.instance).selected).toEqual([0, 1, 2]);
  });

  it('reports every problem at once, by line', () => {
    const bad = FILE.replace('2;30;1;', '2;thirty;1;').replace('d;19;;2,3', 'd;19;;2,9,2').replace('budget;100', 'budget;lots');
    const { election, problems } = electionOf(readPabulib(bad).file);
    expect(election).toBeNull();
    expect(problems).toEqual([
      { line: null, message: `META's budget "lots" is not a whole number` },
      { line: 15, message: 'Project 2: cost "thirty" is not a whole number' },
      { line: 22, message: 'Voter d voted for project 9, which PROJECTS does not list' },
      { line: 22, message: 'Voter d voted for project 2 twice' },
    ]);
  });

  it('says what is missing from a file that is not Pabulib', () => {
    expect(readPabulib('name,cost\nA,5\n').problems.map((p) => p.message)).toEqual([
      'The file must start with a META, PROJECTS or VOTES line',
      'The file must start with a META, PROJECTS or VOTES line',
      'The file has no META section',
      'The file has no PROJECTS section',
      'The file has no VOTES section',
    ]);
    expect(readPabulib(FILE.replace('"Bowls; and a bench"', '"Bowls; and a bench')).problems[0]!.message).toMatch(
      /quoted field is not closed/,
    );
    expect(readPabulib(FILE.replace('3;20;1;Seeds;environment', '3;20;1;Seeds')).problems).toEqual([
      { line: 16, message: '4 fields where the PROJECTS header has 5' },
    ]);
  });
});
