import { describe, expect, it } from 'vitest';
import { costAndUse, decimal, frac, summaryRow } from './cost.js';
import { type CreditEntry, balances, burnDown, dayHundredthsOf, programmeBurnDown, transferAmountPence } from './ledger.js';

const allowance = { start: '2025-01-01', end: '2025-12-31', dayHundredths: 1000, creditAllowedPence: 500_000, dayRatePence: 35_000 };

describe('transfers between days and credit', () => {
  it('prices a transfer at the day rate, to the penny', () => {
    expect(transferAmountPence(150, 35_000)).toBe(52_500);
    expect(transferAmountPence(33, 33_333)).toBe(11_000); // 0.33 × £333.33 = £109.9989 → £110.00
    expect(dayHundredthsOf('1.5')).toBe(150);
    expect(dayHundredthsOf('2')).toBe(200);
    expect(dayHundredthsOf('0.25')).toBe(25);
    expect(dayHundredthsOf('1.555')).toBeNull();
    expect(dayHundredthsOf('-1')).toBeNull();
  });

  it('counts days traded for credit as days used and credit spent, out of the days allowance', () => {
    const credit: CreditEntry[] = [
      { kind: 'spend', entryOn: '2025-02-01', amountPence: 100_000, dayHundredths: null },
      { kind: 'from_days', entryOn: '2025-03-01', amountPence: 70_000, dayHundredths: 200 },
    ];
    const b = balances(allowance, [{ contactOn: '2025-01-10', minutes: 420 }], credit, 420);
    expect(b.daysUsed).toEqual(frac(3)); // one day logged + two traded
    expect(b.daysLeft).toEqual(frac(7));
    expect(b.creditSpentPence).toBe(170_000);
    expect(b.creditLeftPence).toBe(400_000); // only the spend left the credit allowance
    const [row] = costAndUse(
      [
        {
          partnership: 'A',
          allowance: { start: allowance.start, end: allowance.end, daysAllowed: 10, creditAllowedPence: 500_000, dayRatePence: 35_000 },
          contactMinutes: [420],
          creditSpendsPence: [100_000],
          transfersFromDays: [{ dayHundredths: 200, amountPence: 70_000 }],
        },
      ],
      [],
      420,
    );
    expect(summaryRow(row!)).toMatchObject({ days_used: '3.00', credit_spent: '1700.00', cost_total: '2750.00' });
  });

  it('moves credit traded for days into the days allowance, spending nothing and using no days', () => {
    const b = balances(allowance, [], [{ kind: 'to_days', entryOn: '2025-02-01', amountPence: 70_000, dayHundredths: 200 }], 420);
    expect(b.daysAvailable).toEqual(frac(12));
    expect(b.daysUsed).toEqual(frac(0));
    expect(b.creditSpentPence).toBe(0);
    expect(b.creditLeftPence).toBe(430_000);
  });

  it('shows commitments as committed until a spend settles them', () => {
    const credit: CreditEntry[] = [
      { id: 'c1', kind: 'commitment', entryOn: '2025-02-01', amountPence: 50_000, dayHundredths: null },
      { id: 'c2', kind: 'commitment', entryOn: '2025-02-02', amountPence: 20_000, dayHundredths: null },
      { kind: 'spend', entryOn: '2025-03-01', amountPence: 48_000, dayHundredths: null, commitmentId: 'c1' },
    ];
    const b = balances(allowance, [], credit, 420);
    expect(b.committedPence).toBe(20_000);
    expect(b.creditLeftPence).toBe(452_000);
    expect(b.creditUncommittedPence).toBe(432_000);
    expect(balances(allowance, [], credit, 420, '2025-02-15').committedPence).toBe(70_000);
  });
});

describe('burn-down', () => {
  const contacts = [
    { contactOn: '2025-01-15', minutes: 420 },
    { contactOn: '2025-02-10', minutes: 210 },
  ];
  const credit: CreditEntry[] = [{ kind: 'spend', entryOn: '2025-02-20', amountPence: 125_050, dayHundredths: null }];

  it('steps down at each month end as support is used, beside an even pace', () => {
    const points = burnDown(allowance, contacts, credit, 420, '2025-03-15');
    // Twelve month ends, and the as-of date (15 March) between the second and the third.
    expect(points).toHaveLength(13);
    expect(points[0]).toEqual({ date: '2025-01-31', daysLeft: 9, creditLeft: 5000, daysPlanned: 9.15, creditPlanned: 4575.34 });
    expect(points[1]).toMatchObject({ date: '2025-02-28', daysLeft: 8.5, creditLeft: 3749.5 });
    expect(points[2]).toMatchObject({ date: '2025-03-15', daysLeft: 8.5, creditLeft: 3749.5 });
    // After the as-of date only the plan is drawn; the plan reaches nothing on the last day.
    expect(points[3]!.daysLeft).toBeNull();
    expect(points[12]).toEqual({ date: '2025-12-31', daysLeft: null, creditLeft: null, daysPlanned: 0, creditPlanned: 0 });
  });

  it('ends on the last day of support when it is not a month end', () => {
    const points = burnDown({ ...allowance, start: '2025-01-20', end: '2025-03-10' }, [], [], 420, '2025-12-31');
    expect(points.map((p) => p.date)).toEqual(['2025-01-31', '2025-02-28', '2025-03-10']);
    expect(points.at(-1)!.daysLeft).toBe(10);
    // An as-of date on a month end, before the start or after the end adds no point of its own.
    expect(burnDown({ ...allowance, start: '2025-01-20', end: '2025-03-10' }, [], [], 420, '2025-02-28')).toHaveLength(3);
    expect(burnDown({ ...allowance, start: '2025-01-20', end: '2025-03-10' }, [], [], 420, '2025-01-05')).toHaveLength(3);
    // Within the last, short month: its own point before the last day.
    const within = burnDown({ ...allowance, start: '2025-01-20', end: '2025-03-10' }, [], [], 420, '2025-03-05');
    expect(within.map((p) => p.date)).toEqual(['2025-01-31', '2025-02-28', '2025-03-05', '2025-03-10']);
    expect(within[3]!.daysLeft).toBeNull();
  });

  it('sums the partnerships for the programme, counting an allowance in full before it starts', () => {
    const later = { ...allowance, start: '2025-03-01', end: '2025-12-31' };
    const points = programmeBurnDown(
      [
        { allowance, contacts, credit },
        { allowance: later, contacts: [{ contactOn: '2025-03-05', minutes: 840 }], credit: [] },
      ],
      420,
      '2025-12-31',
    );
    expect(points[0]).toMatchObject({ date: '2025-01-31', daysLeft: 19, creditLeft: 10_000 });
    expect(points[2]).toMatchObject({ date: '2025-03-31', daysLeft: 16.5, creditLeft: 8749.5 });
    expect(decimal(frac(1, 3), 2)).toBe('0.33');
  });
});
