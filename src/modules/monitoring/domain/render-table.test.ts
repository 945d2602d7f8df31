import { describe, expect, it } from 'vitest';
import { portfolioTable, type PortfolioTableInput } from './portfolio-table.js';
import { tableToCsv, tableToMarkdown, tableWithNotesToCsv } from './render-table.js';

const example: PortfolioTableInput = {
  indicators: [
    { key: 'volunteers', label: 'Volunteers', unit: 'count', aggregation: 'sum' },
    { key: 'beneficiaries', label: 'Beneficiaries', unit: 'count', aggregation: 'sum' },
    { key: 'satisfaction', label: 'Satisfaction (1-5)', unit: 'count', aggregation: 'mean' },
  ],
  partnerships: [
    { id: 'a', name: 'Grapevine Coventry', onTime: true },
    { id: 'b', name: 'NHP Ltd, Calderdale', onTime: false },
    { id: 'c', name: 'North East Lincolnshire VCSE Alliance', onTime: true },
  ],
  values: [
    { partnershipId: 'a', indicatorKey: 'volunteers', value: 164, notReported: false },
    { partnershipId: 'a', indicatorKey: 'beneficiaries', value: 14319, notReported: false },
    { partnershipId: 'a', indicatorKey: 'satisfaction', value: 4, notReported: false },
    { partnershipId: 'b', indicatorKey: 'volunteers', value: 34, notReported: false, note: 'Includes staff on volunteer days' },
    { partnershipId: 'b', indicatorKey: 'beneficiaries', value: 1125, notReported: false },
    { partnershipId: 'b', indicatorKey: 'satisfaction', value: 3.25, notReported: false },
    { partnershipId: 'c', indicatorKey: 'volunteers', value: null, notReported: true },
  ],
  returnNotes: [
    { partnershipId: 'b', note: 'Reporting period Nov 2021 - Feb 2022' },
    { partnershipId: 'c', note: 'Did not share monitoring data' },
  ],
};

describe('tableToCsv', () => {
  it('prints the header, a row per partnership with - for no figure, then Total, and nothing else', () => {
    expect(tableToCsv(portfolioTable(example))).toBe(
      [
        'partnership,volunteers,beneficiaries,satisfaction',
        'Grapevine Coventry,164,14319,4',
        '"NHP Ltd, Calderdale",34,1125,3.25',
        'North East Lincolnshire VCSE Alliance,-,-,-',
        'Total,198,15444,3.63',
        '',
      ].join('\n'),
    );
  });

  it('prints - in the Total row when nobody reported', () => {
    const table = portfolioTable({ ...example, values: [] });
    expect(tableToCsv(table).split('\n')[4]).toBe('Total,-,-,-');
  });
});

describe('tableWithNotesToCsv', () => {
  it('says whether each return came and when, tells not reported (-) from no figure (empty), and prints every note in full', () => {
    const table = portfolioTable({
      ...example,
      partnerships: [...example.partnerships, { id: 'd', name: 'Zephyr Street Partnership', hasReturn: false }],
    });
    expect(tableWithNotesToCsv(table)).toBe(
      [
        'partnership,return,volunteers,beneficiaries,satisfaction,notes',
        'Grapevine Coventry,on time,164,14319,4,',
        '"NHP Ltd, Calderdale",late,34,1125,3.25,* Reporting period Nov 2021 - Feb 2022; volunteers: ** Includes staff on volunteer days',
        'North East Lincolnshire VCSE Alliance,on time,-,,,*** Did not share monitoring data',
        'Zephyr Street Partnership,no return,,,,',
        'Total,,198,15444,3.63,',
        '',
      ].join('\n'),
    );
  });

  it('says "sent" where when the return came is not known', () => {
    const table = portfolioTable({ ...example, partnerships: [{ id: 'a', name: 'Grapevine Coventry' }] });
    expect(tableWithNotesToCsv(table).split('\n')[1]).toBe('Grapevine Coventry,sent,164,14319,4,');
  });
});

describe('tableToMarkdown', () => {
  it('prints markers, thousands separators, the Total and Reported by rows, and the footnotes', () => {
    expect(tableToMarkdown(portfolioTable(example))).toBe(
      [
        '| Partnership | Volunteers | Beneficiaries | Satisfaction (1-5) |',
        '| --- | ---: | ---: | ---: |',
        '| Grapevine Coventry | 164 | 14,319 | 4 |',
        '| NHP Ltd, Calderdale\\* | 34\\*\\* | 1,125 | 3.25 |',
        '| North East Lincolnshire VCSE Alliance\\*\\*\\* | - | - | - |',
        '| **Total** | **198** | **15,444** | **3.63** (mean) |',
        '| Reported by | 2 of 3 (1 on time) | 2 of 3 (1 on time) | 2 of 3 (1 on time) |',
        '',
        '\\* Reporting period Nov 2021 - Feb 2022',
        '',
        '\\*\\* Includes staff on volunteer days',
        '',
        '\\*\\*\\* Did not share monitoring data',
        '',
      ].join('\n'),
    );
  });

  it('brackets numbered markers, escapes Markdown in names and notes, and leaves out on-time counts when timeliness is unknown', () => {
    const v = (note: string) => ({ partnershipId: 'a', indicatorKey: 'x', value: 1, notReported: false, note });
    const table = portfolioTable({
      indicators: [{ key: 'x', label: 'People | places', unit: 'count', aggregation: 'sum' }],
      partnerships: [
        { id: 'a', name: 'Friends_of *the* Park' },
        { id: 'b', name: 'B' },
      ],
      values: [v('one')],
      returnNotes: [
        { partnershipId: 'a', note: 'two' },
        { partnershipId: 'b', note: 'three' },
        { partnershipId: 'b', note: 'four [draft]' },
      ],
    });
    expect(tableToMarkdown(table)).toBe(
      [
        '| Partnership | People \\| places |',
        '| --- | ---: |',
        '| Friends\\_of \\*the\\* Park[1] | 1[2] |',
        '| B[3][4] | - |',
        '| **Total** | **1** |',
        '| Reported by | 1 of 2 |',
        '',
        '[1] two',
        '',
        '[2] one',
        '',
        '[3] three',
        '',
        '[4] four \\[draft\\]',
        '',
      ].join('\n'),
    );
  });
});
