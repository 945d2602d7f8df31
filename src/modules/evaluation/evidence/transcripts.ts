/** Transcripts of interviews and workshops, with the respondents in them (see common.ts for the rules). */
import { type RecordVersion, partsOf } from '../../../http/versions.js';
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { NotFound } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { codeFamilies, codes, codings, memos, passages, quotes, respondents, transcriptRespondents, transcripts } from '../schema.js';
import { type Evaluation, fail, requireEvaluator } from '../evaluations/service.js';
import { readTranscriptFile } from './transcript-upload.js';

// ---- transcripts --------------------------------------------------------------------------------

export interface TranscriptUpload {
  bytes: Buffer;
  fileName: string;
  title?: string | undefined;
  heldOn?: string | null | undefined;
  respondentIds?: string[] | undefined;
}
export interface TranscriptChange {
  title?: string | undefined;
  heldOn?: string | null | undefined;
  respondentIds?: string[] | undefined;
}

// Qualified by hand: inside a subquery a bare "id" would be the subquery's own table's.
const transcriptIdColumn = sql.raw('"transcripts"."id"');

const transcriptSummary = (db: Queryable) =>
  db
    .select({
      id: transcripts.id,
      title: transcripts.title,
      heldOn: transcripts.heldOn,
      fileName: transcripts.fileName,
      format: transcripts.format,
      characters: sql<number>`length(${transcripts.body})::int`,
      createdAt: transcripts.createdAt,
      // Passages of respondents with consent given: the others are hidden everywhere.
      passages: sql<number>`(select count(*)::int from ${passages} p join ${respondents} r on r.id = p.respondent_id where p.transcript_id = ${transcriptIdColumn} and r.consent = 'given')`,
      respondents: sql<
        { id: string; ref: string; consent: string }[]
      >`coalesce((select json_agg(json_build_object('id', r.id, 'ref', r.ref, 'consent', r.consent) order by r.ref)
        from ${transcriptRespondents} tr join ${respondents} r on r.id = tr.respondent_id where tr.transcript_id = ${transcriptIdColumn}), '[]'::json)`,
    })
    .from(transcripts);

type TranscriptRow = Awaited<ReturnType<typeof transcriptSummary>>[number];
const transcriptView = (t: TranscriptRow) => ({
  id: t.id,
  title: t.title,
  heldOn: t.heldOn,
  fileName: t.fileName,
  format: t.format,
  characters: Number(t.characters),
  passages: Number(t.passages),
  // Withdrawn respondents are left out of the list; a page says so through `withdrawnNamed`.
  respondents: (t.respondents ?? []).filter((r) => r.consent === 'given').map((r) => ({ id: r.id, ref: r.ref })),
  withdrawnNamed: (t.respondents ?? []).filter((r) => r.consent !== 'given').length,
  createdAt: new Date(t.createdAt).toISOString(),
});

export async function listTranscripts(db: Queryable, ctx: ProgrammeContext, e: Evaluation) {
  requireEvaluator(ctx);
  const rows = await transcriptSummary(db)
    .where(eq(transcripts.evaluationId, e.id))
    .orderBy(desc(transcripts.createdAt), asc(transcripts.title));
  return rows.map(transcriptView);
}

export async function loadTranscript(db: Queryable, e: Evaluation, transcriptId: string) {
  const [t] = await db
    .select()
    .from(transcripts)
    .where(and(eq(transcripts.id, transcriptId), eq(transcripts.evaluationId, e.id)));
  if (!t) throw new NotFound('That transcript');
  return t;
}

/**
 * A transcript with its text and the passages coded in it (of respondents with consent given). With
 * blind coding on, a coder (`viewerId`) sees only their own passages, as they see only their own ticks;
 * `otherCodersHidden` counts the rest.
 */
export async function getTranscript(
  db: Queryable,
  ctx: ProgrammeContext,
  e: Evaluation,
  transcriptId: string,
  viewerId: string | null = null,
) {
  requireEvaluator(ctx);
  const t = await loadTranscript(db, e, transcriptId);
  const blind = e.blindCoding && viewerId !== null;
  // One after another: a write answers with this inside its transaction, whose one connection takes one query at a time.
  const [summary] = await transcriptSummary(db).where(eq(transcripts.id, t.id));
  const all = await db
    .select({
      id: passages.id,
      respondentId: passages.respondentId,
      ref: respondents.ref,
      codeId: passages.codeId,
      code: codes.name,
      family: codeFamilies.key,
      familyLabel: codeFamilies.label,
      coderId: passages.coderId,
      number: passages.number,
      colour: codes.colour,
      parentId: codes.parentId,
      start: passages.startOffset,
      end: passages.endOffset,
      text: passages.text,
      createdAt: passages.createdAt,
      quoteId: sql<string | null>`(select q.id from ${quotes} q where q.passage_id = "passages"."id" order by q.created_at limit 1)`,
      memo: sql<string | null>`(select m.text from ${memos} m where m.passage_id = "passages"."id")`,
    })
    .from(passages)
    .innerJoin(respondents, eq(respondents.id, passages.respondentId))
    .innerJoin(codes, eq(codes.id, passages.codeId))
    .innerJoin(codeFamilies, eq(codeFamilies.id, codes.familyId))
    .where(and(eq(passages.transcriptId, t.id), eq(respondents.consent, 'given')))
    .orderBy(asc(passages.startOffset), asc(passages.endOffset), asc(passages.createdAt));
  const [hidden] = await db
    .select({ n: count() })
    .from(passages)
    .innerJoin(respondents, eq(respondents.id, passages.respondentId))
    .where(and(eq(passages.transcriptId, t.id), eq(respondents.consent, 'withdrawn')));
  const coded = blind ? all.filter((p) => p.coderId === viewerId) : all;
  return {
    ...transcriptView(summary!),
    body: t.body,
    otherCodersHidden: all.length - coded.length,
    passages: coded.map((p) => ({
      id: p.id,
      respondent: { id: p.respondentId, ref: p.ref },
      number: p.number,
      code: { id: p.codeId, name: p.code, family: p.family, familyLabel: p.familyLabel, colour: p.colour, parentId: p.parentId },
      coderId: p.coderId,
      start: p.start,
      end: p.end,
      text: p.text,
      quoteId: p.quoteId,
      memo: p.memo,
      createdAt: p.createdAt.toISOString(),
    })),
    withdrawnPassages: Number(hidden?.n ?? 0),
  };
}

export async function checkRespondents(db: Queryable, e: Evaluation, ids: string[]) {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return wanted;
  const found = await db
    .select({ id: respondents.id })
    .from(respondents)
    .where(and(eq(respondents.evaluationId, e.id), inArray(respondents.id, wanted)));
  const known = new Set(found.map((f) => f.id));
  fail(
    ids.flatMap((id, i) => (known.has(id) ? [] : [{ path: ['respondentIds', i], message: 'That respondent is not in this evaluation' }])),
  );
  return wanted;
}

const titleFromFile = (fileName: string) =>
  fileName
    .replace(/\.[^.]+$/, '')
    .replace(/[_-]+/g, ' ')
    .trim()
    .slice(0, 200) || 'Transcript';

export async function uploadTranscript(db: Db, ctx: ProgrammeContext, actor: Actor, e: Evaluation, input: TranscriptUpload) {
  requireEvaluator(ctx);
  const named = await checkRespondents(db, e, input.respondentIds ?? []);
  const { text, format } = await readTranscriptFile(input.bytes, input.fileName);
  const id = await db.transaction(async (tx) => {
    const [t] = await tx
      .insert(transcripts)
      .values({
        evaluationId: e.id,
        title: input.title?.trim() || titleFromFile(input.fileName),
        heldOn: input.heldOn ?? null,
        fileName: input.fileName || (format === 'docx' ? 'transcript.docx' : 'transcript.txt'),
        format,
        body: text,
        uploadedBy: actor.userId,
      })
      .returning();
    if (named.length) await tx.insert(transcriptRespondents).values(named.map((respondentId) => ({ transcriptId: t!.id, respondentId })));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'evaluation_transcript',
      entityId: t!.id,
      action: 'create',
      summary: `Uploaded the transcript ${t!.title} to ${e.title} (${text.length.toLocaleString('en-GB')} characters)`,
      after: { title: t!.title, heldOn: t!.heldOn, fileName: t!.fileName, format, characters: text.length, respondentIds: named },
    });
    return t!.id;
  });
  return getTranscript(db, ctx, e, id, actor.userId);
}

export async function updateTranscript(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  e: Evaluation,
  transcriptId: string,
  input: TranscriptChange,
) {
  requireEvaluator(ctx);
  const before = await loadTranscript(db, e, transcriptId);
  const named = input.respondentIds ? await checkRespondents(db, e, input.respondentIds) : null;
  await db.transaction(async (tx) => {
    const had = (
      await tx
        .select({ id: transcriptRespondents.respondentId })
        .from(transcriptRespondents)
        .where(eq(transcriptRespondents.transcriptId, transcriptId))
    )
      .map((r) => r.id)
      .sort();
    const change = {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.heldOn !== undefined ? { heldOn: input.heldOn } : {}),
    };
    const [t] = Object.keys(change).length
      ? await tx.update(transcripts).set(change).where(eq(transcripts.id, transcriptId)).returning()
      : [before];
    if (named) {
      await tx.delete(transcriptRespondents).where(eq(transcriptRespondents.transcriptId, transcriptId));
      if (named.length) await tx.insert(transcriptRespondents).values(named.map((respondentId) => ({ transcriptId, respondentId })));
    }
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'evaluation_transcript',
      entityId: transcriptId,
      action: 'update',
      summary: `Changed the transcript ${t!.title}`,
      before: { title: before.title, heldOn: before.heldOn, respondentIds: had },
      after: { title: t!.title, heldOn: t!.heldOn, respondentIds: named ? [...named].sort() : had },
    });
  });
  return getTranscript(db, ctx, e, transcriptId, actor.userId);
}

/**
 * Removes `passage` codings that no passage stands behind any more, for these (respondent, code,
 * coder) triples. A ticked coding (`tick`) or an imported one stays.
 */
export async function dropUnbackedCodings(tx: Queryable, triples: { respondentId: string; codeId: string; coderId: string | null }[]) {
  if (triples.length === 0) return 0;
  const values = sql.join(
    triples.map((t) => sql`(${t.respondentId}::uuid, ${t.codeId}::uuid, ${t.coderId}::uuid)`),
    sql`, `,
  );
  const gone = (await tx.execute(sql`
    delete from ${codings} c using (values ${values}) as v(respondent_id, code_id, coder_id)
    where c.respondent_id = v.respondent_id and c.code_id = v.code_id and c.coder_id is not distinct from v.coder_id and c.source = 'passage'
      and not exists (select 1 from ${passages} p where p.respondent_id = c.respondent_id and p.code_id = c.code_id and p.coder_id is not distinct from c.coder_id)
    returning 1`)) as unknown as { rows: unknown[] };
  return gone.rows.length;
}

export async function deleteTranscript(db: Db, ctx: ProgrammeContext, actor: Actor, e: Evaluation, transcriptId: string) {
  requireEvaluator(ctx);
  const t = await loadTranscript(db, e, transcriptId);
  await db.transaction(async (tx) => {
    const gone = await tx
      .delete(passages)
      .where(eq(passages.transcriptId, transcriptId))
      .returning({ respondentId: passages.respondentId, codeId: passages.codeId, coderId: passages.coderId });
    const codingsRemoved = await dropUnbackedCodings(tx, gone);
    await tx.delete(transcripts).where(eq(transcripts.id, transcriptId));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'evaluation_transcript',
      entityId: transcriptId,
      action: 'delete',
      summary: `Removed the transcript ${t.title} with its ${gone.length} coded passage${gone.length === 1 ? '' : 's'} (${codingsRemoved} coding${codingsRemoved === 1 ? '' : 's'} only they stood behind)`,
      before: { title: t.title, heldOn: t.heldOn, fileName: t.fileName, characters: t.body.length, passages: gone.length },
      after: { codingsRemoved },
    });
  });
}

/** A transcript, the respondents it names and the passages a coder codes in it (theirs): one version. */
export const transcriptVersion = (id: string, coderId: string): RecordVersion => ({
  key: transcripts.id,
  id,
  entityType: 'evaluation_transcript',
  parts:
    partsOf(sql`select ${transcriptRespondents}.xmin::text || ${transcriptRespondents.respondentId}::text from ${transcriptRespondents} where ${transcriptRespondents.transcriptId} = ${id}
    union all select ${passages}.xmin::text || ${passages.id}::text from ${passages} where ${passages.transcriptId} = ${id} and (${passages.coderId} = ${coderId} or ${passages.coderId} is null)`),
});
