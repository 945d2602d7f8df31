/** Typed errors that every layer throws; HTTP turns them into RFC 9457 problem+json, the CLI into one line. */
export interface FieldError {
  /** Where the problem is, e.g. ['rows', 3, 'lead_organisation'] or ['slug']. */
  path: (string | number)[];
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export class Invalid extends AppError {
  constructor(message: string, errors: FieldError[] = []) {
    super(422, 'Invalid input', message, errors);
  }
}
export class NotFound extends AppError {
  constructor(what = 'That record') {
    // "Not found" and "not yours" read the same, so a stranger learns nothing about what exists.
    super(404, 'Not found', `${what} was not found, or you do not have access to it.`);
  }
}
export class Forbidden extends AppError {
  constructor(message = 'You do not have permission to do that.') {
    super(403, 'Forbidden', message);
  }
}
export class Unauthenticated extends AppError {
  constructor(message = 'Sign in to continue.') {
    super(401, 'Unauthenticated', message);
  }
}
export class Conflict extends AppError {
  constructor(message: string, errors: FieldError[] = []) {
    super(409, 'Conflict', message, errors);
  }
}

/**
 * The database cannot be reached just now (restart, failover, refused or dropped connections): 503 with
 * Retry-After. Requests that meet a dropped connection are turned into this one in the error handler
 * (src/db/unavailable.ts says which errors those are), so no route has to.
 */
export class DatabaseUnavailable extends AppError {
  /** What a client is told to wait before trying again (HTTP Retry-After, seconds). */
  static readonly retryAfterSeconds = 10;
  constructor(message = 'Cairn cannot reach its database just now. Nothing was saved. Try again in a minute.') {
    super(503, 'Database unavailable', message);
  }
}

export class TooManyRequests extends AppError {
  /** Seconds to wait, sent as Retry-After so scripts can wait without parsing the words. */
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'Too many requests', message);
  }
}

/** Postgres unique-violation → a Conflict on the field a person typed. */
export function conflictFromDb(err: unknown, fields: Record<string, { path: string; message: string }>): never {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const code = e.code ?? e.cause?.code;
  const constraint = e.constraint ?? e.cause?.constraint ?? '';
  if (code === '23505') {
    const hit = fields[constraint];
    if (hit) throw new Conflict(hit.message, [{ path: [hit.path], message: hit.message }]);
    throw new Conflict('That would duplicate an existing record.');
  }
  if (code === '23503') throw new Invalid('That refers to a record that does not exist.');
  throw err;
}

export function formatFieldPath(path: (string | number)[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : p))
    .join('.')
    .replace(/\.\[/g, '[');
}

/**
 * An error as the log may keep it: its kind, message, SQLSTATE code and stack, and the same of its
 * cause. A failed query's parameters are left out: they are people's data (Drizzle puts them in the
 * message as "params: …"), and a driver's own fields can carry its connection settings.
 */
export function errorForLog(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as Error & { code?: unknown; cause?: unknown };
  const withoutParams = (text: string) => text.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, '\nparams: (left out of the log)');
  return {
    type: e.name,
    message: withoutParams(e.message),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(e.stack ? { stack: withoutParams(e.stack) } : {}),
    ...(e.cause !== undefined ? { cause: errorForLog(e.cause) } : {}),
  };
}
