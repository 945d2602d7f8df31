import { describe, expect, it } from 'vitest';
import { type PartnershipSupport, type SupportEvent, add, costAndUse, costAndUseOfTotals, decimal, frac, summaryRow } from './cost.js';

const allowance = { start: '2025-04-01', end: '2028-03-31', daysAllowed: 24, creditAllowedPence: 750_000, dayRatePence: 35_000 };

describe('transfers from days, by point 9’s words', () => {
  it('counts a transfer’s credit as credit spent and its days as days used, both in cost_total', () => {
    // 7 hours logged (1 day) and 2 days traded for £700 of credit, plus a £100 spend.
    const [row] = costAndUse(
      [
        {
          partnership: 'Ashfield',
          allowance,
          contactMinutes: [420],
          creditSpendsPence: [10_000],
          transfersFromDays: [{ dayHundredths: 200, amountPence: 70_000 }],
        },
      ],
      [],
      420,
    );
    expect(summaryRow(row!)).toMatchObject({
      days_used: '3.00', // 1 logged + 2 traded
      credit_spent: '800.00', // £100 spent + £700 from days
      // 3 days × £350 + £800 = £1,850: the traded days' value is counted as days and as credit, as written.
      cost_total: '1850.00',
      // 1,096 days = 3.0007 years.
      cost_per_year: '617',
    });
  });
});

describe('cost and use over totals', () => {
  // A small deterministic generator, so a failure can be repeated.
  let seed = 16;
  const rand = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };

  it('gives exactly what costAndUse gives from the entries, for random programmes', () => {
    for (let round = 0; round < 25; round++) {
      const names = Array.from({ length: 1 + rand(12) }, (_, i) => `P${i}`);
      const perDay = [420, 450, 360, 480][rand(4)]!;
      const parts: PartnershipSupport[] = names.map((name) => ({
        partnership: name,
        allowance: rand(5)
          ? { ...allowance, end: `202${6 + rand(3)}-0${1 + rand(9)}-1${rand(10)}`, dayRatePence: 20_000 + rand(30_001) }
          : null,
        contactMinutes: Array.from({ length: rand(8) }, () => 1 + rand(600)),
        creditSpendsPence: Array.from({ length: rand(4) }, () => 1 + rand(100_000)),
        transfersFromDays: Array.from({ length: rand(2) }, () => ({ dayHundredths: 1 + rand(300), amountPence: 1 + rand(90_000) })),
      }));
      const events: SupportEvent[] = Array.from({ length: rand(6) }, () => ({
        costPence: rand(200_000),
        people: new Map(names.filter(() => rand(3) > 0).map((n) => [n, rand(4)])),
      }));
      const byEntries = costAndUse(parts, events, perDay);
      const shares = new Map<string, { n: number; pence: ReturnType<typeof frac> }>();
      for (const e of events) {
        const there = [...e.people].filter(([, people]) => people > 0);
        for (const [name] of there) {
          const s = shares.get(name) ?? { n: 0, pence: frac(0) };
          shares.set(name, { n: s.n + 1, pence: add(s.pence, frac(e.costPence, there.length)) });
        }
      }
      const byTotals = costAndUseOfTotals(
        parts.map((p) => ({
          partnership: p.partnership,
          allowance: p.allowance,
          minutes: p.contactMinutes.reduce((s, m) => s + m, 0),
          creditSpendsPence: p.creditSpendsPence.reduce((s, c) => s + c, 0),
          fromDaysHundredths: (p.transfersFromDays ?? []).reduce((s, t) => s + t.dayHundredths, 0),
          fromDaysPence: (p.transfersFromDays ?? []).reduce((s, t) => s + t.amountPence, 0),
          eventsAttended: shares.get(p.partnership)?.n ?? 0,
          eventSharesPence: shares.get(p.partnership)?.pence ?? frac(0),
        })),
        perDay,
      );
      byTotals.forEach((row, i) => {
        const expected = byEntries[i]!;
        expect(summaryRow(row)).toEqual(summaryRow(expected));
        // The same values, not only the same roundings.
        expect(frac(row.costTotal.n, row.costTotal.d)).toEqual(expected.costTotal);
        expect(frac(row.daysUsed.n, row.daysUsed.d)).toEqual(expected.daysUsed);
        if (expected.costPerYear) expect(frac(row.costPerYear!.n, row.costPerYear!.d)).toEqual(expected.costPerYear);
        else expect(row.costPerYear).toBeNull();
        expect(decimal(row.costTotal, 6)).toBe(decimal(expected.costTotal, 6));
      });
    }
  });
});
