import { z } from 'zod';
import type { Database } from '../../db/database.js';
import type { App } from '../../http/app-type.js';
import { Forbidden } from '../../errors.js';
import { callerOf, problems } from '../../http/route-kit.js';
import { openProgramme } from '../programmes/context.js';
import { AuditEventView, auditLog } from './history.js';

const AuditQuery = z.strictObject({
  entityType: z.string().max(60).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const AuditPage = z.object({ data: z.array(AuditEventView), nextBefore: z.number().int().nullable() });

export async function auditRoutes(app: App, database: Database) {
  const { db } = database;
  const page = (rows: AuditEventView[], limit: number) => ({
    data: rows,
    nextBefore: rows.length === limit ? rows[rows.length - 1]!.id : null,
  });

  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Every write on the platform, newest first (administrators)',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...problems },
      },
    },
    async (req) => {
      if (!callerOf(req).isAdmin) throw new Forbidden('Only a platform administrator can read the whole audit log.');
      return page(await auditLog(db, { programmeId: null, ...req.query }), req.query.limit);
    },
  );

  app.get(
    '/programmes/:programme/audit',
    {
      schema: {
        tags: ['audit'],
        summary: "A programme's audit log: who changed what, when, old → new (programme managers)",
        params: z.object({ programme: z.string().max(60) }),
        querystring: AuditQuery,
        response: { 200: AuditPage, ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      if (!ctx.access.canSeeAudit) throw new Forbidden('Only programme managers can read the audit log.');
      return page(await auditLog(db, { programmeId: ctx.programme.id, ...req.query }), req.query.limit);
    },
  );
}
