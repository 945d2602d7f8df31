import { describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS, planCaseStudyImport } from './import-rows.js';

const known = { themes: ['Food'], partnerships: ['West Lothian CPP'], titles: ['Already here'] };
const row = (n: number, cells: Partial<Record<string, string>>) => ({ row: n, cells: IMPORT_COLUMNS.map((c) => cells[c] ?? '') });

describe('planCaseStudyImport', () => {
  it('reads themes separated by ; (known ones in their own spelling, new ones added), status and answers', () => {
    const plan = planCaseStudyImport(
      [...IMPORT_COLUMNS],
      [row(2, { title: 'Joining up', themes: 'information and knowledge; food ;Allotments', status: 'Published', problem: 'Plans' })],
      known,
    );
    expect(plan.errors).toEqual([]);
    expect(plan.rows[0]).toMatchObject({
      title: 'Joining up',
      themes: ['Information and Knowledge', 'Food', 'Allotments'],
      status: 'published',
    });
    expect(plan.newThemes).toEqual(['Allotments']);
  });

  it('names every wrong cell by row and column, and plans nothing then', () => {
    const plan = planCaseStudyImport(
      [...IMPORT_COLUMNS],
      [
        row(2, { title: 'Fine', status: 'draft' }),
        row(3, { title: '', status: 'live' }),
        row(4, { title: 'Already here', status: 'published' }),
        row(5, { title: 'fine', status: 'draft' }),
      ],
      known,
    );
    expect(plan.rows).toEqual([]);
    expect(plan.errors.map((e) => e.path.join('.'))).toEqual([
      'rows.3.title',
      'rows.3.status',
      'rows.4.title',
      'rows.4.problem',
      'rows.5.title',
    ]);
  });

  it('refuses missing and unknown columns', () => {
    const plan = planCaseStudyImport(['title', 'themes', 'colour'], [], known);
    expect(plan.errors.map((e) => e.path[1])).toEqual([
      'colour',
      'place',
      'organisation',
      'problem',
      'what_we_did',
      'what_helped',
      'barriers',
      'learning',
      'status',
    ]);
  });
});
