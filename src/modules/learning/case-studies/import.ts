/**
 * Importing case studies from a CSV file (`cairn casestudies import`): the rows are checked whole
 * (domain/import-rows.ts) and written in one transaction, all or none. Places are found by name or added
 * (as the registry import does); an organisation is linked to the registry's organisation of that name,
 * else kept as written; themes new to the programme are added to its own themes.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/database.js';
import { Invalid } from '../../../errors.js';
import { csvGrid, detectKind, normaliseHeader } from '../../../spreadsheet/read.js';
import { refuseControlCellsInGrid } from '../../../spreadsheet/control-cells.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { organisations } from '../../organisations/schema.js';
import { partnerships } from '../../partnerships/schema.js';
import { ensurePlacesNamed } from '../../places/service.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { ensureTermsLabelled } from '../../programmes/service.js';
import { requireManager } from '../../programmes/context.js';
import { type PlannedCaseStudy, planCaseStudyImport } from '../domain/import-rows.js';
import { caseStudies } from '../schema.js';
import { programmeThemes } from './service.js';

const MAX_ROWS = 10_000;
const key = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export interface CaseStudyImportResult {
  imported: { row: number; id: string; title: string; status: string; themes: string[]; place: string; organisation: string }[];
  placesAdded: string[];
  themesAdded: string[];
}

export async function importCaseStudies(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  bytes: Uint8Array,
  filename: string,
): Promise<CaseStudyImportResult> {
  requireManager(ctx);
  if (detectKind(bytes, filename) !== 'csv')
    throw new Invalid('Case studies are imported from a CSV file. In Excel, choose Save As and pick “CSV UTF-8”.');
  const grid = csvGrid(bytes, {
    maxRows: MAX_ROWS + 1,
    tooManyRows: () => new Invalid(`The file has more than ${MAX_ROWS} case studies. Split it and import each part.`),
  });
  const headerIndex = grid.findIndex((cells) => cells.some((c) => c.trim() !== ''));
  if (headerIndex < 0)
    throw new Invalid(
      'The file is empty. Its first row should name the columns: title,themes,place,organisation,problem,what_we_did,what_helped,barriers,learning,status.',
    );
  refuseControlCellsInGrid(grid, headerIndex);
  const [themes, partnershipRows, titles] = await Promise.all([
    programmeThemes(db, ctx.programme.id),
    db.select({ name: partnerships.name }).from(partnerships).where(eq(partnerships.programmeId, ctx.programme.id)),
    db.select({ title: caseStudies.title }).from(caseStudies).where(eq(caseStudies.programmeId, ctx.programme.id)),
  ]);
  const plan = planCaseStudyImport(
    grid[headerIndex]!.map(normaliseHeader),
    grid.slice(headerIndex + 1).map((cells, i) => ({ row: headerIndex + i + 2, cells })),
    { themes, partnerships: partnershipRows.map((p) => p.name), titles: titles.map((t) => t.title) },
  );
  if (plan.errors.length) {
    const rows = new Set(plan.errors.filter((e) => e.path[0] === 'rows').map((e) => e.path[1])).size;
    const where = plan.errors[0]!.path[0] === 'columns' ? 'in the columns' : `in ${rows} row${rows === 1 ? '' : 's'}`;
    throw new Invalid(
      `Nothing was imported: ${plan.errors.length} problem${plan.errors.length === 1 ? '' : 's'} ${where}. Fix them and import the file again.`,
      plan.errors.slice(0, 50),
    );
  }
  return db.transaction(async (tx) => {
    const { idByKey: placeIds, created: placesAdded } = await ensurePlacesNamed(
      tx,
      ctx,
      actor,
      [...new Set(plan.rows.map((r) => r.place).filter(Boolean))],
      {
        key,
        source: 'case-study import',
      },
    );
    const { created: themesAdded } = await ensureTermsLabelled(tx, ctx.programme.id, 'theme', plan.newThemes, key);
    const orgs = await tx
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(eq(organisations.programmeId, ctx.programme.id));
    const orgIds = new Map(orgs.map((o) => [key(o.name), o]));
    const partnershipIds = new Map(
      (
        await tx
          .select({ id: partnerships.id, name: partnerships.name })
          .from(partnerships)
          .where(eq(partnerships.programmeId, ctx.programme.id))
      ).map((p) => [key(p.name), p.id]),
    );
    const now = new Date();
    const values = (r: PlannedCaseStudy) => {
      const org = orgIds.get(key(r.organisation));
      return {
        programmeId: ctx.programme.id,
        partnershipId: r.partnership ? (partnershipIds.get(key(r.partnership)) ?? null) : null,
        title: r.title,
        themes: r.themes,
        standards: r.standards,
        placeId: r.place ? (placeIds.get(key(r.place)) ?? null) : null,
        organisationId: org?.id ?? null,
        organisationName: org?.name ?? r.organisation,
        problem: r.problem,
        whatWeDid: r.whatWeDid,
        whatHelped: r.whatHelped,
        barriers: r.barriers,
        learning: r.learning,
        contact: r.contact,
        status: r.status,
        audience: r.audience,
        publishedAt: r.status === 'published' ? now : null,
      };
    };
    const imported: CaseStudyImportResult['imported'] = [];
    for (let i = 0; i < plan.rows.length; i += 500) {
      const chunk = plan.rows.slice(i, i + 500);
      const written = await tx.insert(caseStudies).values(chunk.map(values)).returning();
      for (const [j, s] of written.entries()) {
        imported.push({
          row: chunk[j]!.row,
          id: s.id,
          title: s.title,
          status: s.status,
          themes: s.themes,
          place: chunk[j]!.place,
          organisation: s.organisationName,
        });
        await recordAudit(tx, actor, {
          programmeId: ctx.programme.id,
          entityType: 'case_study',
          entityId: s.id,
          action: 'create',
          summary: `Imported the case study ${s.title} (${s.status})`,
          after: {
            title: s.title,
            partnershipId: s.partnershipId,
            themes: s.themes,
            standards: s.standards,
            placeId: s.placeId,
            organisationId: s.organisationId,
            organisationName: s.organisationName,
            status: s.status,
            audience: s.audience,
          },
        });
      }
    }

    return { imported, placesAdded, themesAdded };
  });
}
