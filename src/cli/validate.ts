import type { z } from 'zod';
import { Invalid } from '../errors.js';

/**
 * Checks command options with the same zod rules the API uses; problems name the option as typed
 * (`--email`), one per line.
 */
export function checkOptions<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((i) => ({
    path: [`--${String(i.path[0] ?? 'input').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`],
    message: i.message,
  }));
  const first = errors[0]!;
  // One problem fits on the one line; several are listed under it.
  if (errors.length === 1) throw new Invalid(`${first.path[0]}: ${first.message}`);
  throw new Invalid('Some options are not right:', errors);
}
