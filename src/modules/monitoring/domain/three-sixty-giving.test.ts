import { describe, expect, it } from 'vitest';
import {
  penceAsPounds,
  threeSixtyGivingCsv,
  threeSixtyGivingPackage,
  threeSixtyGivingRows,
  type GrantToPublish,
} from './three-sixty-giving.js';

const options = { prefix: '360G-cairn-pbsa' };
const funder = { name: 'Place Based Social Action Fund', identifier: 'GB-CHC-1234567' };

const registered: GrantToPublish = {
  id: 'g-001',
  title: 'Phase 2 delivery, Watchet',
  description: 'Community help group and youth action',
  amountPence: 4_500_050,
  currency: 'GBP',
  awardedOn: '2020-03-02',
  startsOn: '2020-04-01',
  endsOn: '2022-03-31',
  recipient: { id: 'org-7', name: 'Onion Collective CIC', identifiers: ['360G-other-funder-99', 'GB-COH-09876543'] },
  funder,
  programmeName: 'Place Based Social Action',
};

const unregistered: GrantToPublish = {
  id: 'g-002',
  title: 'Small grant, Hoxton "Our Space"',
  amountPence: 250_000,
  currency: 'GBP',
  awardedOn: '2021-01-15',
  recipient: { id: 'org-12', name: 'Hoxton residents, group', identifiers: [] },
  funder,
};

describe('threeSixtyGivingRows', () => {
  it("fills the standard's columns, with the funder's prefix on grant identifiers and exact pounds", () => {
    expect(threeSixtyGivingRows([registered, unregistered], options)).toEqual([
      {
        Identifier: '360G-cairn-pbsa-g-001',
        Title: 'Phase 2 delivery, Watchet',
        Description: 'Community help group and youth action',
        Currency: 'GBP',
        'Amount Awarded': '45000.50',
        'Award Date': '2020-03-02',
        'Planned Dates:Start Date': '2020-04-01',
        'Planned Dates:End Date': '2022-03-31',
        'Recipient Org:Identifier': 'GB-COH-09876543',
        'Recipient Org:Name': 'Onion Collective CIC',
        'Funding Org:Identifier': 'GB-CHC-1234567',
        'Funding Org:Name': 'Place Based Social Action Fund',
        'Grant Programme:Title': 'Place Based Social Action',
      },
      {
        Identifier: '360G-cairn-pbsa-g-002',
        Title: 'Small grant, Hoxton "Our Space"',
        Description: 'Small grant, Hoxton "Our Space"',
        Currency: 'GBP',
        'Amount Awarded': '2500',
        'Award Date': '2021-01-15',
        'Planned Dates:Start Date': '',
        'Planned Dates:End Date': '',
        'Recipient Org:Identifier': '360G-cairn-pbsa-org-org-12',
        'Recipient Org:Name': 'Hoxton residents, group',
        'Funding Org:Identifier': 'GB-CHC-1234567',
        'Funding Org:Name': 'Place Based Social Action Fund',
        'Grant Programme:Title': '',
      },
    ]);
  });

  it('keeps an identifier that already carries the prefix, and a recipient whose only identifier is a 360G one', () => {
    const [row] = threeSixtyGivingRows(
      [{ ...registered, id: '360G-cairn-pbsa-legacy-1', recipient: { ...registered.recipient, identifiers: ['360G-other-funder-99'] } }],
      options,
    );
    expect(row!.Identifier).toBe('360G-cairn-pbsa-legacy-1');
    expect(row!['Recipient Org:Identifier']).toBe('360G-other-funder-99');
  });

  it('refuses a prefix that is not a 360Giving one, naming it', () => {
    expect(() => threeSixtyGivingRows([registered], { prefix: 'cairn-pbsa' })).toThrow('cairn-pbsa is not a 360Giving prefix');
  });

  it('refuses a grant with a bad date or amount, naming the grant', () => {
    expect(() => threeSixtyGivingRows([{ ...registered, awardedOn: '02/03/2020' }], options)).toThrow(
      'Grant g-001: the award date 02/03/2020 is not a YYYY-MM-DD date',
    );
    expect(() => threeSixtyGivingRows([{ ...registered, amountPence: 12.5 }], options)).toThrow(
      '12.5 is not a whole, non-negative number of pence',
    );
    expect(() => threeSixtyGivingRows([{ ...registered, funder: { name: 'X', identifier: ' ' } }], options)).toThrow(
      "Grant g-001: the funder's name and identifier are required",
    );
  });
});

describe('threeSixtyGivingCsv', () => {
  it('writes the column titles, then a row per grant, quoting commas and quotes', () => {
    expect(threeSixtyGivingCsv([registered, unregistered], options)).toBe(
      [
        'Identifier,Title,Description,Currency,Amount Awarded,Award Date,Planned Dates:Start Date,Planned Dates:End Date,' +
          'Recipient Org:Identifier,Recipient Org:Name,Funding Org:Identifier,Funding Org:Name,Grant Programme:Title',
        '360G-cairn-pbsa-g-001,"Phase 2 delivery, Watchet",Community help group and youth action,GBP,45000.50,2020-03-02,2020-04-01,2022-03-31,' +
          'GB-COH-09876543,Onion Collective CIC,GB-CHC-1234567,Place Based Social Action Fund,Place Based Social Action',
        '360G-cairn-pbsa-g-002,"Small grant, Hoxton ""Our Space""","Small grant, Hoxton ""Our Space""",GBP,2500,2021-01-15,,,' +
          '360G-cairn-pbsa-org-org-12,"Hoxton residents, group",GB-CHC-1234567,Place Based Social Action Fund,',
        '',
      ].join('\n'),
    );
  });
});

describe('threeSixtyGivingPackage', () => {
  it('nests organisations, dates and programme as arrays, leaving out what Cairn does not hold', () => {
    expect(threeSixtyGivingPackage([registered, unregistered], options)).toEqual({
      grants: [
        {
          id: '360G-cairn-pbsa-g-001',
          title: 'Phase 2 delivery, Watchet',
          description: 'Community help group and youth action',
          currency: 'GBP',
          amountAwarded: 45000.5,
          awardDate: '2020-03-02',
          plannedDates: [{ startDate: '2020-04-01', endDate: '2022-03-31' }],
          recipientOrganization: [{ id: 'GB-COH-09876543', name: 'Onion Collective CIC' }],
          fundingOrganization: [{ id: 'GB-CHC-1234567', name: 'Place Based Social Action Fund' }],
          grantProgramme: [{ title: 'Place Based Social Action' }],
        },
        {
          id: '360G-cairn-pbsa-g-002',
          title: 'Small grant, Hoxton "Our Space"',
          description: 'Small grant, Hoxton "Our Space"',
          currency: 'GBP',
          amountAwarded: 2500,
          awardDate: '2021-01-15',
          recipientOrganization: [{ id: '360G-cairn-pbsa-org-org-12', name: 'Hoxton residents, group' }],
          fundingOrganization: [{ id: 'GB-CHC-1234567', name: 'Place Based Social Action Fund' }],
        },
      ],
    });
  });

  it('gives planned dates with only the date that is known', () => {
    const [grant] = threeSixtyGivingPackage([{ ...unregistered, startsOn: '2021-02-01' }], options).grants;
    expect(grant!.plannedDates).toEqual([{ startDate: '2021-02-01' }]);
    expect(JSON.stringify(grant!.plannedDates)).toBe('[{"startDate":"2021-02-01"}]');
  });
});

describe('penceAsPounds', () => {
  it('writes pounds exactly, with no floating-point rounding', () => {
    expect(penceAsPounds(0)).toBe('0');
    expect(penceAsPounds(1)).toBe('0.01');
    expect(penceAsPounds(29)).toBe('0.29');
    expect(penceAsPounds(10)).toBe('0.10');
    expect(penceAsPounds(123456)).toBe('1234.56');
    expect(penceAsPounds(1_000_000_000_000)).toBe('10000000000');
    expect(penceAsPounds(999_999_999_999)).toBe('9999999999.99');
    expect(() => penceAsPounds(-1)).toThrow();
  });
});
