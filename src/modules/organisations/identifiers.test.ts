import { describe, expect, it } from 'vitest';
import { readIdentifier, readIdentifiers } from './identifiers.js';

describe('readIdentifier', () => {
  it.each([
    ['GB-CHC-123456', 'GB-CHC-123456'],
    ['GB-CHC-1234567', 'GB-CHC-1234567'],
    ['gb-chc-12345678', 'GB-CHC-12345678'],
    ['GB-SC-SC012345', 'GB-SC-SC012345'],
    ['gb-sc-sc012345', 'GB-SC-SC012345'],
    ['GB-NIC-100123', 'GB-NIC-100123'],
    ['GB-COH-01234567', 'GB-COH-01234567'],
    ['gb-coh-sc123456', 'GB-COH-SC123456'],
    ['GB-MPR-12345', 'GB-MPR-12345'],
    ['GB-MPR-12345r', 'GB-MPR-12345R'],
    ['GB-LAE-BIR', 'GB-LAE-BIR'],
    ['gb-las-glg', 'GB-LAS-GLG'],
    ['GB-PLA-CRF', 'GB-PLA-CRF'],
    ['GB-EDU-123456', 'GB-EDU-123456'],
    ['GB-NHS-RR8', 'GB-NHS-RR8'],
    ['360g-Some-Funder:org/42', '360G-Some-Funder:org/42'],
    ['  GB-CHC-1234567  ', 'GB-CHC-1234567'],
  ])('accepts %j as %s', (raw, identifier) => {
    expect(readIdentifier(raw)).toEqual({ ok: true, identifier });
  });

  it.each([
    ['GB-CHC-12345', /Charity Commission \(England and Wales\) number: 6 to 8 digits/],
    ['GB-CHC-123456789', /6 to 8 digits/],
    ['GB-CHC-12A4567', /6 to 8 digits/],
    ['GB-SC-012345', /SC and 6 digits/],
    ['GB-SC-SC01234', /SC and 6 digits/],
    ['GB-NIC-', /digits/],
    ['GB-COH-1234567', /Companies House/],
    ['GB-COH-S1234567', /Companies House/],
    ['GB-MPR-R12345', /Mutuals Public Register/],
    ['GB-LAE-B1R', /English local authority code: letters/],
    ['GB-EDU-12A', /school or college/],
    ['GB-NHS-RR-8', /NHS organisation code/],
    ['360G-', /360Giving/],
  ])('refuses %j, saying what that list’s numbers look like', (raw, message) => {
    const read = readIdentifier(raw);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(message);
  });

  it('refuses a list Cairn does not know, naming the lists it does', () => {
    const read = readIdentifier('US-EIN-123456789');
    expect(read).toEqual({ ok: false, message: expect.stringContaining('Cairn does not know the list US-EIN') });
    if (!read.ok) expect(read.message).toContain('GB-CHC, GB-SC, GB-NIC, GB-COH, GB-MPR, GB-LAE, GB-LAS, GB-PLA, GB-EDU, GB-NHS, 360G');
  });

  it('refuses a bare number, explaining the org-id form', () => {
    const read = readIdentifier('1234567');
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(/not in org-id form.*GB-CHC-1234567.*Cairn accepts: GB-CHC/);
  });

  it('refuses an empty entry', () => {
    expect(readIdentifier('  ').ok).toBe(false);
  });
});

describe('readIdentifiers', () => {
  it('drops repeats once tidied, keeping the first', () => {
    expect(readIdentifiers(['GB-CHC-1234567', 'gb-coh-01234567', 'gb-chc-1234567 '])).toEqual({
      identifiers: ['GB-CHC-1234567', 'GB-COH-01234567'],
      errors: [],
    });
  });

  it('reports each bad identifier at its position', () => {
    const { errors } = readIdentifiers(['GB-CHC-1234567', 'nonsense', 'GB-SC-SC012345', 'XX-ABC-1']);
    expect(errors.map((e) => e.index)).toEqual([1, 3]);
  });
});
