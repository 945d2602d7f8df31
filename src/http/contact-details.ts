/**
 * Resident (public) pages never show contact details (issue 17, points 1 and 7): a case study's contact and an
 * engagement's people are never read for them, and free text written by partners ("ring Morag on
 * 01234 567890", "email hello@example.org") has its email addresses and UK telephone numbers replaced
 * before it is shown to anyone without an account.
 *
 * A telephone number here: +44 or 0, then 9 or 10 more digits, spaces, dots, hyphens or brackets
 * allowed between them ("01506 775000", "(0131) 496 0000", "+44 7700 900123"). Years, sums of money and
 * counts ("2026", "£7,500", "1,200 people") do not match.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const PHONE = /(?:\+\s?44\s?(?:\(0\)\s?)?|\(?\b0)(?:[\s.()-]{0,2}\d){9,10}\b/g;

export const EMAIL_REMOVED = '[email address removed]';
export const PHONE_REMOVED = '[phone number removed]';

/** The text with every email address and telephone number replaced by words saying one was removed. */
export function withoutContactDetails(text: string): string {
  return text.replace(EMAIL, EMAIL_REMOVED).replace(PHONE, PHONE_REMOVED);
}
