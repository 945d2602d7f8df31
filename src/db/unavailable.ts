/**
 * Whether an error means the database could not be reached or dropped the connection — a restart, a
 * failover, `pg_terminate_backend`, a server still starting — rather than anything about the request.
 * Such a request is answered 503 (try again shortly), never 500: nothing is wrong with what was asked.
 *
 * Drizzle wraps driver errors (DrizzleQueryError) and pg-pool wraps its own timeouts, so causes are
 * followed. Plain data in, a boolean out: tested without a database (unavailable.test.ts).
 */

/** Node's socket errors: the server is not there, or went away mid-conversation. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL's SQLSTATEs for "not now": class 08 (connection exception) is matched by prefix; 57P01
 * admin_shutdown (restart, pg_terminate_backend), 57P02 crash_shutdown, 57P03 cannot_connect_now
 * (starting up, shutting down, in recovery), 53300 too_many_connections.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * What node-postgres and pg-pool say when a connection ends under them or cannot be made in time (a
 * server that accepts and never answers: 'timeout expired'), and
 * what PostgreSQL says (SQLSTATE 55000, shared with unrelated errors) for a database that refuses
 * connections (`ALLOW_CONNECTIONS false`, as during some maintenance).
 */
const MESSAGES = [
  /^Connection terminated/,
  /is not queryable/,
  /^timeout exceeded when trying to connect/,
  /^timeout expired$/,
  /is not currently accepting connections/,
];

export function isDatabaseUnreachable(err: unknown, seen = new Set<unknown>()): boolean {
  if (!err || typeof err !== 'object' || seen.has(err)) return false;
  seen.add(err);
  const { code, message, cause, errors } = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
  // Node reports a refused connection to every address of a host name as one AggregateError.
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnreachable(e, seen))) return true;
  return isDatabaseUnreachable(cause, seen);
}
