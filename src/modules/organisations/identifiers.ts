/**
 * Organisation identifiers in org-id.guide form: a list prefix (who issued the number) then the number,
 * e.g. GB-CHC-1234567. Cairn accepts the UK lists a community programme meets; each has its own shape.
 */
interface Scheme {
  prefix: string;
  /** What the part after the prefix must look like, already upper-cased unless `keepCase`. */
  pattern: RegExp;
  describe: string;
  example: string;
  keepCase?: boolean;
}

const SCHEMES: Scheme[] = [
  {
    prefix: 'GB-CHC',
    pattern: /^\d{6,8}$/,
    describe: 'a Charity Commission (England and Wales) number: 6 to 8 digits',
    example: 'GB-CHC-1234567',
  },
  { prefix: 'GB-SC', pattern: /^SC\d{6}$/, describe: 'a Scottish charity (OSCR) number: SC and 6 digits', example: 'GB-SC-SC012345' },
  { prefix: 'GB-NIC', pattern: /^\d+$/, describe: 'a Charity Commission for Northern Ireland number: digits', example: 'GB-NIC-100123' },
  {
    prefix: 'GB-COH',
    pattern: /^(\d{8}|[A-Z]{2}\d{6})$/,
    describe: 'a Companies House number: 8 digits, or 2 letters and 6 digits such as SC123456',
    example: 'GB-COH-01234567',
  },
  {
    prefix: 'GB-MPR',
    pattern: /^\d+[A-Z]?$/,
    describe: 'a Mutuals Public Register number: digits, perhaps ending in a letter',
    example: 'GB-MPR-12345R',
  },
  { prefix: 'GB-LAE', pattern: /^[A-Z]+$/, describe: 'an English local authority code: letters', example: 'GB-LAE-BIR' },
  { prefix: 'GB-LAS', pattern: /^[A-Z]+$/, describe: 'a Scottish local authority code: letters', example: 'GB-LAS-GLG' },
  { prefix: 'GB-PLA', pattern: /^[A-Z]+$/, describe: 'a principal local authority code: letters', example: 'GB-PLA-CRF' },
  { prefix: 'GB-EDU', pattern: /^\d+$/, describe: 'a school or college reference number (URN): digits', example: 'GB-EDU-123456' },
  { prefix: 'GB-NHS', pattern: /^[A-Z0-9]+$/, describe: 'an NHS organisation code: letters and digits', example: 'GB-NHS-RR8' },
  { prefix: '360G', pattern: /^\S(.*\S)?$/, describe: 'a 360Giving identifier', example: '360G-example-org', keepCase: true },
];

export const ACCEPTED_PREFIXES = SCHEMES.map((s) => s.prefix);

export type IdentifierReading = { ok: true; identifier: string } | { ok: false; message: string };

/** Reads one identifier: upper-cases the list prefix (and the number, where the list's numbers are capitals). */
export function readIdentifier(raw: string): IdentifierReading {
  const text = raw.trim();
  const upper = text.toUpperCase();
  const accepted = `Cairn accepts: ${ACCEPTED_PREFIXES.join(', ')}`;
  if (!text) return { ok: false, message: 'Enter the identifier, such as GB-CHC-1234567, or remove the empty entry' };
  const scheme = SCHEMES.find((s) => upper.startsWith(`${s.prefix}-`));
  if (!scheme) {
    const list = /^([A-Z]{2}-[A-Z0-9]{2,})-./.exec(upper);
    if (list) return { ok: false, message: `${text}: Cairn does not know the list ${list[1]}. ${accepted}` };
    return { ok: false, message: `${text} is not in org-id form (a list prefix then the number, such as GB-CHC-1234567). ${accepted}` };
  }
  const rest = text.slice(scheme.prefix.length + 1).trim();
  const number = scheme.keepCase ? rest : rest.toUpperCase();
  if (!scheme.pattern.test(number)) {
    return { ok: false, message: `${text} is not ${scheme.describe}, such as ${scheme.example}` };
  }
  return { ok: true, identifier: `${scheme.prefix}-${number}` };
}

/**
 * Reads a list of identifiers. Each bad one is reported by its position; repeats (after tidying) are
 * dropped, keeping the first.
 */
export function readIdentifiers(raw: readonly string[]): { identifiers: string[]; errors: { index: number; message: string }[] } {
  const identifiers: string[] = [];
  const errors: { index: number; message: string }[] = [];
  raw.forEach((r, index) => {
    const read = readIdentifier(r);
    if (!read.ok) errors.push({ index, message: read.message });
    else if (!identifiers.includes(read.identifier)) identifiers.push(read.identifier);
  });
  return { identifiers, errors };
}
