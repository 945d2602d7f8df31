import { describe, expect, it } from 'vitest';
import { EMAIL_REMOVED, PHONE_REMOVED, withoutContactDetails } from './contact-details.js';

describe('contact details on public pages', () => {
  it('removes email addresses and UK telephone numbers as people write them', () => {
    expect(withoutContactDetails('Email morag.smith@harbourside.org.uk or ring 01234 567890.')).toBe(
      `Email ${EMAIL_REMOVED} or ring ${PHONE_REMOVED}.`,
    );
    for (const phone of ['01506 775000', '(0131) 496 0000', '+44 7700 900123', '07700-900-123', '+44 (0)131 496 0000', '0131.496.0000'])
      expect(withoutContactDetails(`Call ${phone} today`)).toBe(`Call ${PHONE_REMOVED} today`);
  });

  it('leaves years, money, counts and dates alone', () => {
    const text = 'In 2026 we spent £7,500 on 1,200 people; 16 of 20 came back on 02/03/2026 at 10:30, ref 0042.';
    expect(withoutContactDetails(text)).toBe(text);
  });
});
