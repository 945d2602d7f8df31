import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, startTestApp } from '../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../test/support/registry-world.js';
import { AppError } from '../../errors.js';
import type { Caller } from '../access/access.js';
import { systemActor } from '../audit/audit.js';
import { openProgramme } from '../programmes/context.js';
import { importSupport } from './log/import.js';
import { supportContacts, supportCredit, supportEvents } from './log/schema.js';
import { supportAllowances, supportProviders } from './providers/schema.js';
import { supportSummary, supportWarningList } from './summary/service.js';

let t: TestContext;
let w: RegistryWorld;
const admin: Caller = {
  userId: '00000000-0000-0000-0000-000000000000',
  email: 'cli',
  name: 'cli',
  isAdmin: true,
  programmeRoles: new Map(),
  partnerships: new Map(),
};
const bytes = (s: string) => new TextEncoder().encode(s);

const GOOD = {
  'allowances.csv':
    'partnership,start,end,days_allowed,credit_allowed,day_rate\nPartnership A,2024-04-01,2027-03-31,24,7500,350\nPartnership B,2024-04-01,2027-03-31,30,"£10,000",350\n',
  'contacts.csv':
    'date,partnership,facilitator,hours,type,notes\n2024-05-01,Partnership A,Jo Facilitator,7.5,facilitation,First visit\n2024-06-01,Partnership A,jo facilitator,3,mentoring,\n2024-06-10,Partnership A,Jo Facilitator,0.5,signposting,Call\n2024-07-01,Partnership B,sam@facilitators.example,7,action planning,\n',
  'credit.csv':
    'date,partnership,amount,purpose,approved_by\n2024-08-01,Partnership A,1200,Hall hire,Jo\n2024-09-01,Partnership A,300.50,Leaflets,Jo\n',
  'events.csv': 'event,date,place,cost\nSpring networking,2024-05-20,Leeds,900\nAutumn networking,2024-10-20,York,100\n',
  'attendance.csv':
    'event,partnership,people\nSpring networking,Partnership A,2\nSpring networking,Partnership B,1\nAutumn networking,Partnership A,1\nAutumn networking,Partnership B,0\n',
};

async function counts() {
  const { db } = t.database;
  const n = async (
    table: typeof supportContacts | typeof supportCredit | typeof supportEvents | typeof supportAllowances | typeof supportProviders,
  ) => Number((await db.select({ n: count() }).from(table))[0]!.n);
  return {
    contacts: await n(supportContacts),
    credit: await n(supportCredit),
    events: await n(supportEvents),
    allowances: await n(supportAllowances),
    providers: await n(supportProviders),
  };
}

async function run(files: Record<string, string>) {
  const ctx = await openProgramme(t.database.db, admin, 'support');
  return importSupport(t.database.db, ctx, systemActor('test'), Object.fromEntries(Object.entries(files).map(([k, v]) => [k, bytes(v)])));
}

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'support');
});

describe('cairn support import', () => {
  it('changes nothing when any row is wrong, naming each row: a negative hour, an unknown partnership, a date outside the support period', async () => {
    const before = await counts();
    const bad = {
      ...GOOD,
      'contacts.csv':
        'date,partnership,facilitator,hours,type,notes\n2024-05-01,Partnership A,Jo Facilitator,-2,facilitation,\n2024-05-02,Nowhere Partnership,Jo Facilitator,1,facilitation,\n2023-01-01,Partnership B,Jo Facilitator,1,facilitation,\n',
    };
    const err = await run(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.message).toMatch(/^Nothing was imported: 3 rows have problems/);
    expect(e.errors).toEqual([
      { path: ['contacts.csv', 'rows', 2, 'hours'], message: 'Hours cannot be negative (-2)' },
      {
        path: ['contacts.csv', 'rows', 3, 'partnership'],
        message: 'There is no partnership named “Nowhere Partnership” in this programme',
      },
      {
        path: ['contacts.csv', 'rows', 4, 'date'],
        message: '2023-01-01 is outside the partnership’s support period, 2024-04-01 to 2027-03-31',
      },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('imports everything, making new facilitators providers, and the summary follows the definitions', async () => {
    const result = await run(GOOD);
    expect(result).toMatchObject({
      allowances: 2,
      contacts: 4,
      credit: 2,
      events: 2,
      attendance: 4,
      facilitatorsCreated: ['Jo Facilitator', 'sam@facilitators.example'],
    });
    const ctx = await openProgramme(t.database.db, admin, 'support');
    expect(await supportSummary(t.database.db, ctx)).toEqual([
      {
        partnership: 'Partnership A',
        days_allowed: '24',
        days_used: '1.57',
        credit_allowed: '7500.00',
        credit_spent: '1500.50',
        events_attended: '2',
        cost_total: '2600.50',
        cost_per_year: '867',
      },
      {
        partnership: 'Partnership B',
        days_allowed: '30',
        days_used: '1.00',
        credit_allowed: '10000.00',
        credit_spent: '0.00',
        events_attended: '1',
        cost_total: '800.00',
        cost_per_year: '267',
      },
    ]);
    // 11/7 days × £350 = £550 + £1,500.50 + £450 (half of £900) + £100 (all of £100, B sent nobody) = £2,600.50.
    expect(await supportWarningList(t.database.db, ctx, '2024-12-31')).toEqual([
      { partnership: 'Partnership A', warning: 'no recent contact', detail: 'No contact for 204 days, since 10 June 2024' },
      {
        partnership: 'Partnership A',
        warning: 'below the recommended days',
        detail: 'On course for 2.1 days a year, below the 8 recommended',
      },
      { partnership: 'Partnership B', warning: 'no recent contact', detail: 'No contact for 183 days, since 1 July 2024' },
      {
        partnership: 'Partnership B',
        warning: 'below the recommended days',
        detail: 'On course for 1.3 days a year, below the 8 recommended',
      },
    ]);
  });
});

describe('logging support', () => {
  it('lets a facilitator log for a partnership they are assigned to, and refuses the others', async () => {
    const { db } = t.database;
    const user = await t.makeUser('facilitator.support@cairn.test');
    expect((await w.admin.put(`/api/v1/users/${user.id}/programme-roles/support`, { role: 'facilitator' })).statusCode).toBe(200);
    const [jo] = await db.select().from(supportProviders).where(eq(supportProviders.name, 'Jo Facilitator'));
    const link = await w.manager.patch(`${w.base}/support/providers/${jo!.id}`, { userId: user.id });
    expect(link.statusCode, link.body).toBe(200);
    const fac = await t.as('facilitator.support@cairn.test');
    const visit = { contactOn: '2025-01-15', minutes: 150, type: 'facilitation', topic: 'Visit' };
    const mine = await fac.post(`${w.base}/support/contacts`, { ...visit, partnershipId: w.partnershipA });
    expect(mine.statusCode, mine.body).toBe(201);
    const spend = await fac.post(`${w.base}/support/credit`, {
      partnershipId: w.partnershipA,
      kind: 'spend',
      entryOn: '2025-01-16',
      amountPence: 4500,
      purpose: 'Room',
    });
    expect(spend.statusCode, spend.body).toBe(201);
    const theirs = await fac.post(`${w.base}/support/contacts`, { ...visit, partnershipId: w.partnershipB });
    expect(theirs.statusCode).toBe(403);
    const theirSpend = await fac.post(`${w.base}/support/credit`, {
      partnershipId: w.partnershipB,
      kind: 'spend',
      entryOn: '2025-01-16',
      amountPence: 4500,
    });
    expect(theirSpend.statusCode).toBe(403);
    const summary = (await fac.get(`${w.base}/support/summary`)).json();
    expect(summary.abilities).toEqual({ manage: false, logFor: [w.partnershipA] });
    // A viewer reads but logs nothing; a partnership member sees only their own partnership.
    expect((await w.viewer.post(`${w.base}/support/contacts`, { ...visit, partnershipId: w.partnershipA })).statusCode).toBe(403);
    const own = (await w.memberA.get(`${w.base}/support/summary`)).json();
    expect(own.data.rows.map((r: { name: string }) => r.name)).toEqual(['Partnership A']);
    const balance = (await fac.get(`${w.base}/support/partnerships/${w.partnershipA}?asOf=2025-01-31`)).json().data;
    expect(balance.balances).toMatchObject({ daysUsed: 1.93, creditSpentPence: 154_550, creditLeftPence: 595_450 });
  });

  it('prices a transfer from days at the day rate and refuses more days than are left', async () => {
    const ok = await w.manager.post(`${w.base}/support/credit`, {
      partnershipId: w.partnershipA,
      kind: 'from_days',
      entryOn: '2025-02-01',
      dayHundredths: 150,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().data.amountPence).toBe(52_500);
    const tooMany = await w.manager.post(`${w.base}/support/credit`, {
      partnershipId: w.partnershipA,
      kind: 'from_days',
      entryOn: '2025-02-01',
      dayHundredths: 3000,
    });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().errors[0].message).toMatch(/^Only 20\.57 facilitator days are left to trade/);
  });
});
