/**
 * Reviewers' comments on a version's steps and links (by key), kept beside the version, not in it: a
 * published version can still be discussed. Managers and evaluators write them; the team reads them.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Invalid, NotFound } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { type CommentTarget, tocComments } from '../schema.js';
import { requireTheoryEditor } from './access.js';
import type { Theory, Version } from './service.js';

type Comment = typeof tocComments.$inferSelect;

export const commentView = (c: Comment) => ({
  id: c.id,
  target: c.target,
  targetKey: c.targetKey,
  body: c.body,
  author: c.authorLabel,
  createdAt: c.createdAt.toISOString(),
  resolved: c.resolvedAt !== null,
});

export async function listComments(db: Queryable, version: Version) {
  const rows = await db.select().from(tocComments).where(eq(tocComments.versionId, version.id)).orderBy(asc(tocComments.createdAt));
  return rows.map(commentView);
}

const subjectOf = (version: Version, target: CommentTarget, key: string): string | null => {
  const label = (k: string) => version.model.nodes.find((n) => n.key === k)?.label;
  if (target === 'node') return label(key) ?? null;
  const link = version.model.links.find((l) => l.key === key);
  return link ? `${label(link.from)} → ${label(link.to)}` : null;
};

export async function addComment(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  theory: Theory,
  version: Version,
  input: { target: CommentTarget; targetKey: string; body: string },
) {
  requireTheoryEditor(ctx);
  const subject = subjectOf(version, input.target, input.targetKey);
  if (!subject)
    throw new Invalid(`Choose a ${input.target === 'node' ? 'step' : 'link'} of ${version.name} to comment on`, [
      { path: ['targetKey'], message: `Choose a ${input.target === 'node' ? 'step' : 'link'} of this version` },
    ]);
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(tocComments)
      .values({
        versionId: version.id,
        target: input.target,
        targetKey: input.targetKey,
        body: input.body,
        authorUserId: actor.userId,
        authorLabel: actor.label,
      })
      .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'toc_comment',
      entityId: c!.id,
      action: 'create',
      summary: `Commented on ${subject} in ${version.name} of ${theory.name}`,
      after: { target: c!.target, targetKey: c!.targetKey, body: c!.body, resolved: false },
    });
    return commentView(c!);
  });
}

export async function resolveComment(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  theory: Theory,
  version: Version,
  commentId: string,
  resolved: boolean,
) {
  requireTheoryEditor(ctx);
  const [before] = await db
    .select()
    .from(tocComments)
    .where(and(eq(tocComments.id, commentId), eq(tocComments.versionId, version.id)));
  if (!before) throw new NotFound('That comment');
  return db.transaction(async (tx) => {
    const [c] = await tx
      .update(tocComments)
      .set({ resolvedAt: resolved ? (before.resolvedAt ?? new Date()) : null })
      .where(eq(tocComments.id, before.id))
      .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'toc_comment',
      entityId: c!.id,
      action: 'update',
      summary: `${resolved ? 'Resolved' : 'Reopened'} a comment in ${version.name} of ${theory.name}`,
      before: { resolved: before.resolvedAt !== null },
      after: { resolved: c!.resolvedAt !== null },
    });
    return commentView(c!);
  });
}
