import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.js';
import { DatabaseUnavailable } from '../errors.js';

/** A database that cannot answer `select 1` in this long is, for anyone asking, unavailable. */
const PING_TIMEOUT_MS = 2_000;

/** Whether the database answers a trivial query in time; never throws. */
export async function databaseAnswers(database: Database, timeoutMs = PING_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      database.query('select 1').then(
        () => true,
        () => false,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET /api/health, for load balancers and monitors: 200 `{ ok: true, engine, database: 'available' }`
 * when the database answers, 503 `{ ok: false, engine, database: 'unavailable' }` with Retry-After when not.
 */
export function healthRoute(app: FastifyInstance, database: Database): void {
  app.get('/api/health', { schema: { hide: true }, config: { auth: 'public' } }, async (_req, reply) => {
    reply.header('Cache-Control', 'no-store');
    if (await databaseAnswers(database)) return { ok: true, engine: database.engine, database: 'available' };
    return reply
      .code(503)
      .header('Retry-After', String(DatabaseUnavailable.retryAfterSeconds))
      .send({ ok: false, engine: database.engine, database: 'unavailable' });
  });
}
