import { describe, expect, it } from 'vitest';
import { costAndUse, daysInPeriod, decimal, frac, summaryRow } from './cost.js';
import { survivalTable } from './survival.js';
import { DEFAULT_WARNING_SETTINGS, supportWarnings } from './warnings.js';

describe('cost and use, by the definitions', () => {
  const allowance = { start: '2024-04-01', end: '2027-03-31', daysAllowed: 24, creditAllowedPence: 750_000, dayRatePence: 35_000 };
  const events = [
    // £900 shared three ways (the fourth partnership sent nobody): £300 each.
    {
      costPence: 90_000,
      people: new Map([
        ['Ashfield', 2],
        ['Brookside', 1],
        ['Canal Row', 4],
        ['Dene', 0],
      ]),
    },
    // £100 shared by three: a third each, kept exact.
    {
      costPence: 10_000,
      people: new Map([
        ['Ashfield', 1],
        ['Brookside', 1],
        ['Canal Row', 1],
      ]),
    },
  ];
  const [ashfield, dene] = costAndUse(
    [
      // 7 h 30 + 3 h + 30 min = 11 hours = 1.5714… days of 7 hours.
      { partnership: 'Ashfield', allowance, contactMinutes: [450, 180, 30], creditSpendsPence: [120_000, 30_050] },
      { partnership: 'Dene', allowance: null, contactMinutes: [], creditSpendsPence: [] },
    ],
    events,
    420,
  );

  it('counts days used exactly and shows them to 2 decimals', () => {
    expect(ashfield!.daysUsed).toEqual(frac(11, 7));
    expect(summaryRow(ashfield!).days_used).toBe('1.57');
  });

  it('shares each event among those who had someone there, and counts the events attended', () => {
    expect(ashfield!.eventsAttended).toBe(2);
    expect(dene!.eventsAttended).toBe(0);
    // 11/7 days × £350 = £550; credit £1,500.50; events £300 + £33.33…: £2,383.83…
    expect(decimal(ashfield!.costTotal, 0)).toBe('238383');
    expect(summaryRow(ashfield!)).toEqual({
      partnership: 'Ashfield',
      days_allowed: '24',
      days_used: '1.57',
      credit_allowed: '7500.00',
      credit_spent: '1500.50',
      events_attended: '2',
      cost_total: '2383.83',
      // 1,095 days = 2.998 years: £2,383.83… ÷ 2.998 = £795.16…
      cost_per_year: '795',
    });
  });

  it('leaves what has no support period blank', () => {
    expect(summaryRow(dene!)).toMatchObject({ days_allowed: '', credit_allowed: '', cost_total: '0.00', cost_per_year: '' });
  });

  it('rounds half away from zero, only when shown', () => {
    expect(decimal(frac(5, 1000), 2)).toBe('0.01');
    expect(decimal(frac(4999, 1_000_000), 2)).toBe('0.00');
    expect(decimal(frac(-5, 1000), 2)).toBe('-0.01');
    expect(daysInPeriod('2024-02-28', '2024-03-01')).toBe(3);
  });
});

describe('warnings', () => {
  const base = {
    partnership: 'Ashfield',
    start: '2025-01-01',
    end: '2027-12-31',
    creditAllowedPence: 500_000,
    creditSpentPence: 500_000,
    daysUsed: 10,
  };

  it('flags no contact only after more than 56 days', () => {
    expect(supportWarnings([{ ...base, lastContact: '2026-01-01' }], '2026-02-26')).toEqual([]);
    expect(supportWarnings([{ ...base, lastContact: '2026-01-01' }], '2026-02-27')).toEqual([
      { partnership: 'Ashfield', warning: 'no recent contact', detail: 'No contact for 57 days, since 1 January 2026' },
    ]);
    expect(
      supportWarnings([{ ...base, lastContact: null, daysUsed: 0 }], '2025-03-01', { ...DEFAULT_WARNING_SETTINGS, contactWeeks: 4 })[0]!
        .detail,
    ).toBe('No contact logged since support began on 1 January 2025 (59 days)');
  });

  it('flags a pace below the recommended days a year, once a quarter has passed', () => {
    // 90 days in, a pace of 12 a year or of 0 says nothing yet: no warning before 91 days.
    expect(supportWarnings([{ ...base, daysUsed: 0, lastContact: '2025-03-30' }], '2025-03-31')).toEqual([]);
    const w = supportWarnings([{ ...base, daysUsed: 3.9, lastContact: '2025-07-01' }], '2025-07-01');
    expect(w).toEqual([
      { partnership: 'Ashfield', warning: 'below the recommended days', detail: 'On course for 7.8 days a year, below the 8 recommended' },
    ]);
  });

  it('flags credit unspent in the last quarter of the support period, and nothing outside the period', () => {
    const w = supportWarnings([{ ...base, daysUsed: 30, creditSpentPence: 120_000, lastContact: '2027-10-01' }], '2027-10-15');
    expect(w).toEqual([
      { partnership: 'Ashfield', warning: 'credit not spent', detail: '£3,800.00 of credit unspent with 77 days of support left' },
    ]);
    expect(supportWarnings([{ ...base, creditSpentPence: 0, lastContact: null }], '2028-01-01')).toEqual([]);
  });
});

describe('survival', () => {
  it('counts those in their original form as of a date, and says what happened to the rest', () => {
    const t = survivalTable(
      [
        { organisation: 'A', statuses: [{ status: 'active', effectiveOn: '2020-01-01', reason: '' }] },
        { organisation: 'B', statuses: [{ status: 'struggling', effectiveOn: '2021-05-01', reason: 'lost its hall' }] },
        {
          organisation: 'C',
          statuses: [
            { status: 'wound_up', effectiveOn: '2022-06-30', reason: 'its job was done' },
            { status: 'active', effectiveOn: '2020-01-01', reason: '' },
          ],
        },
        { organisation: 'D', statuses: [{ status: 'merged', effectiveOn: '2023-01-01', reason: 'into a broader body' }] },
        { organisation: 'E', statuses: [] },
      ],
      '2022-12-31',
    );
    expect(t.headline).toBe('4 of 5 in their original form');
    expect(t.rows.find((r) => r.organisation === 'C')).toEqual({
      organisation: 'C',
      status: 'wound_up',
      survived: false,
      since: '2022-06-30',
      reason: 'its job was done',
    });
    expect(t.endings).toEqual([{ status: 'wound_up', count: 1 }]);
    expect(
      survivalTable([{ organisation: 'D', statuses: [{ status: 'merged', effectiveOn: '2023-01-01', reason: '' }] }], '2023-01-01')
        .survived,
    ).toBe(0);
  });
});
