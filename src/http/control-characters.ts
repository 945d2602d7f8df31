/**
 * NUL and the other control characters, refused everywhere by this one check. PostgreSQL cannot store
 * NUL in text (it answered 500), and the rest are invisible in every page and export, so a name that
 * holds one looks like another name. Tab, line feed and carriage return are fine inside JSON strings
 * (long text is typed with them); in a path parameter or a query they are refused too.
 */
import type { FastifyRequest } from 'fastify';
import { type FieldError, Invalid } from '../errors.js';

/** C0 controls but tab, LF and CR; DEL; the C1 controls (U+0080–U+009F, never typed, often mojibake). */
export const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** The same, with tab, LF and CR too: a slug, an id or a search never holds them. */
const IN_LINE = /[\u0000-\u001F\u007F-\u009F]/;

export const CONTROL_CHARACTER_MESSAGE = 'Remove the invisible control character from this field.';
const KEY_MESSAGE = 'Remove the invisible control character from this field’s name.';

export type Where = 'text' | 'line';

export function hasControlCharacter(text: string, where: Where): boolean {
  return (where === 'text' ? CONTROL_IN_TEXT : IN_LINE).test(text);
}

/** A field name as it may be shown back: its control characters as U+FFFD. */
const shown = (key: string) => key.replace(new RegExp(IN_LINE.source, 'g'), '\uFFFD');

/**
 * Every string (and object key) in `value` that holds a control character, with its path. Walks
 * plain objects and arrays only: uploads arrive as bytes and their readers check them by row.
 */
export function controlCharacterErrors(value: unknown, path: (string | number)[], where: Where, errors: FieldError[] = []): FieldError[] {
  if (errors.length >= 20) return errors;
  if (typeof value === 'string') {
    if (hasControlCharacter(value, where)) errors.push({ path, message: CONTROL_CHARACTER_MESSAGE });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      controlCharacterErrors(v, [...path, i], where, errors);
    });
  } else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (hasControlCharacter(k, 'line')) errors.push({ path: [...path, shown(k)], message: KEY_MESSAGE });
      else controlCharacterErrors(v, [...path, k], where, errors);
    }
  }
  return errors;
}

/**
 * The preValidation check, run after the 401 and CSRF checks and before zod: path parameters and the
 * query as single lines, a JSON body's strings as text. A 422 names every field that holds one.
 */
export async function refuseControlCharacters(req: FastifyRequest): Promise<void> {
  // Only routes that matched: the not-found answer reads nothing from the request.
  if (req.routeOptions.url === undefined) return;
  const errors = [
    ...controlCharacterErrors(req.params, ['params'], 'line'),
    ...controlCharacterErrors(req.query, ['query'], 'line'),
    ...controlCharacterErrors(req.body, [], 'text'),
  ];
  const first = errors[0];
  if (first) throw new Invalid(`${first.path.map(String).join('.') || 'input'}: ${first.message}`, errors);
}
