import { describe, expect, it } from 'vitest';
import { isDatabaseUnreachable } from './unavailable.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
// What Drizzle throws around a driver's error.
const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: select 1\nparams: '), { cause });

describe('isDatabaseUnreachable', () => {
  it.each([
    ['a refused connection (server down)', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', withCode('ECONNRESET', 'read ECONNRESET')],
    ['a connection that timed out at the socket', withCode('ETIMEDOUT')],
    ['an unknown host during a failover', withCode('ENOTFOUND', 'getaddrinfo ENOTFOUND db')],
    ['admin_shutdown: a restart or pg_terminate_backend (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['crash_shutdown (57P02)', withCode('57P02')],
    ['cannot_connect_now: starting up or shutting down (57P03)', withCode('57P03', 'the database system is starting up')],
    ['too many connections (53300)', withCode('53300', 'sorry, too many clients already')],
    ['connection_exception (08000)', withCode('08000')],
    ['connection_does_not_exist (08003)', withCode('08003')],
    ['connection_failure (08006)', withCode('08006')],
    ['sqlclient_unable_to_establish_sqlconnection (08001)', withCode('08001')],
    ['a connection ended under a query', new Error('Connection terminated unexpectedly')],
    ['a pool connection that took too long', new Error('Connection terminated due to connection timeout')],
    ['a pool with no connection free in time', new Error('timeout exceeded when trying to connect')],
    ['a server that accepts and never answers', new Error('timeout expired')],
    ['a checked-out connection that has died', new Error('Client has encountered a connection error and is not queryable')],
    [
      'a database refusing connections (ALLOW_CONNECTIONS false)',
      withCode('55000', 'database "cairn" is not currently accepting connections'),
    ],
    ['any of these wrapped by Drizzle', wrapped(withCode('57P01'))],
    ['wrapped twice', wrapped(wrapped(new Error('Connection terminated unexpectedly')))],
    ['every address of a host refusing', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], '')],
  ])('recognises %s', (_what, err) => {
    expect(isDatabaseUnreachable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505', 'duplicate key value violates unique constraint')],
    ['a foreign key violation', withCode('23503')],
    ['a syntax error', withCode('42601', 'syntax error at or near "selec"')],
    ['a serialization failure', withCode('40001')],
    ['another error sharing SQLSTATE 55000', withCode('55000', 'cannot execute ALTER TABLE because it is being used')],
    ['a statement timeout', withCode('57014', 'canceling statement due to statement timeout')],
    ['a plain programming error', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a wrapped constraint error', wrapped(withCode('23505'))],
    ['nothing at all', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('does not mistake %s for it', (_what, err) => {
    expect(isDatabaseUnreachable(err)).toBe(false);
  });

  it('stops at a cause that points back at itself', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(isDatabaseUnreachable(a)).toBe(false);
  });
});
