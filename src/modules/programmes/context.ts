import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/database.js';
import { Forbidden, NotFound } from '../../http/errors.js';
import { type Caller, type ProgrammeAccess, programmeAccess } from '../access/access.js';
import { programmes } from './schema.js';

export type Programme = typeof programmes.$inferSelect;

export interface ProgrammeContext {
  programme: Programme;
  access: ProgrammeAccess;
}

/**
 * Opens a programme by slug for a caller. A programme the caller cannot see answers exactly like one
 * that does not exist. Every programme-scoped route starts here.
 */
export async function openProgramme(db: Queryable, caller: Caller, slug: string): Promise<ProgrammeContext> {
  const [programme] = await db.select().from(programmes).where(eq(programmes.slug, slug));
  const access = programme ? programmeAccess(caller, programme.id) : null;
  if (!programme || !access) throw new NotFound('That programme');
  return { programme, access };
}

export function requireManager(ctx: ProgrammeContext): void {
  if (!ctx.access.canManage) throw new Forbidden('Only a programme manager can change this programme’s registry.');
}

/** Paging in one place: page numbers start at 1. */
export const pageWindow = (q: { page: number; pageSize: number }) => ({ limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
