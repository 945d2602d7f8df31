/**
 * The CLI's side of refusing control characters (src/http/control-characters.ts): an argument or an
 * option value holding one (a NUL pasted from somewhere, an escape sequence) stops with one line
 * before any database is opened, instead of a database error.
 */
import type { Command } from 'commander';
import { hasControlCharacter } from '../http/control-characters.js';
import { Invalid } from '../errors.js';

export function refuseControlCharactersInArguments(program: Command): void {
  program.hook('preAction', (_program, action) => {
    const bad: string[] = [];
    action.processedArgs.forEach((value: unknown, i: number) => {
      if (typeof value === 'string' && hasControlCharacter(value, 'line'))
        bad.push(`<${action.registeredArguments[i]?.name() ?? `argument ${i + 1}`}>`);
    });
    for (const option of action.options) {
      const value: unknown = action.getOptionValue(option.attributeName());
      const values = Array.isArray(value) ? value : [value];
      if (values.some((v) => typeof v === 'string' && hasControlCharacter(v, 'line'))) bad.push(option.long ?? option.flags);
    }
    if (bad.length) {
      throw new Invalid(
        `${bad.join(', ')} ${bad.length > 1 ? 'hold' : 'holds'} an invisible control character (such as a NUL or an escape): type the value again.`,
        bad.map((name) => ({ path: [name], message: 'remove the invisible control character' })),
      );
    }
  });
}
