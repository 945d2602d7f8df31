/**
 * Theories of change in and out: Kumu blueprints, Cairn's own lossless JSON, CSV (elements and
 * connections, with Kumu's spreadsheet headings), and SVG/PNG drawn on the server (drawing.ts).
 *
 * Importing is all or nothing. The CSV files go in as a Kumu blueprint does (domain/csv-exchange.ts). A Cairn file makes a new theory with every version in it (published ones
 * stay published, with their dates) and its mappings. A Kumu blueprint goes into a theory (named, or the
 * programme's only programme-level one, or a new one): into the named draft, or a new draft copied from
 * the newest version; its elements are matched to that version's steps by label, so steps keep their
 * keys (and their mappings and positions) and the diff shows what the file changed.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Conflict, type FieldError, Invalid } from '../../../errors.js';
import { csvGrid } from '../../../spreadsheet/read.js';
import { csvOf } from '../../../spreadsheet/write.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { getPlace, listPlaces } from '../../places/service.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { type Mapping, type TheoryFile, isCairnTheoryFile, readCairnTheory, writeCairnTheory } from '../domain/cairn-json.js';
import { isKumuBlueprint, readKumu, writeKumu } from '../domain/kumu.js';
import { type CsvFile, readCsvTheory } from '../domain/csv-exchange.js';
import type { Stage, TheoryModel } from '../domain/model.js';
import { theoriesOfChange, tocMappings, tocVersions } from '../schema.js';
import { requireTheoryEditor } from '../theories/access.js';
import {
  type Theory,
  type Version,
  checkModel,
  createDraft,
  createTheory,
  programmeStages,
  saveDraftModel,
  versionByName,
} from '../theories/service.js';
import { mappingCatalogue, mappingRows } from '../evidence/mappings.js';

export const EXPORT_FORMATS = ['json', 'kumu', 'csv-elements', 'csv-connections', 'svg', 'png'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const lines = (xs: string[]) => xs.join(' | ');

export function elementsCsv(model: TheoryModel): string {
  const stage = new Map(model.stages.map((s) => [s.key, s.label]));
  return csvOf([
    ['Label', 'Type', 'Description', 'Evaluation questions'],
    ...model.nodes.map((n) => [n.label, stage.get(n.stage) ?? n.stage, n.description, lines(n.questions)]),
  ]);
}

export function connectionsCsv(model: TheoryModel): string {
  const label = new Map(model.nodes.map((n) => [n.key, n.label]));
  return csvOf([
    ['From', 'To', 'Description', 'Interventions', 'Contextual assumptions', 'Theoretical assumptions'],
    ...model.links.map((l) => [
      label.get(l.from) ?? l.from,
      label.get(l.to) ?? l.to,
      l.rationale,
      lines(l.interventions),
      lines(l.assumptions.filter((a) => a.kind === 'contextual').map((a) => a.text)),
      lines(l.assumptions.filter((a) => a.kind === 'theoretical').map((a) => a.text)),
    ]),
  ]);
}

/** The theory as Cairn's file: every version (or the one given), with its mappings by evaluation slug, family key and code name. */
export async function theoryFile(db: Queryable, ctx: ProgrammeContext, theory: Theory, only?: Version): Promise<TheoryFile> {
  const versions = only
    ? [only]
    : await db.select().from(tocVersions).where(eq(tocVersions.theoryId, theory.id)).orderBy(asc(tocVersions.number));
  const cat = await mappingCatalogue(db, ctx);
  const codeAt = new Map(
    cat.evaluations.flatMap((e) => e.codes.map((c) => [c.id, { slug: e.evaluation.slug, family: c.family, code: c.path }] as const)),
  );
  const indicatorAt = new Map(cat.indicators.map((i) => [i.id, i.key]));
  const place = theory.placeId ? (await getPlace(db as Db, ctx, theory.placeId)).name : null;
  const out: TheoryFile = {
    format: 'cairn.theory-of-change',
    formatVersion: 1,
    theory: { name: theory.name, level: theory.level, place, description: theory.description },
    versions: [],
  };
  for (const v of versions) {
    const mappings: Mapping[] = (await mappingRows(db, v)).flatMap((m): Mapping[] => {
      if (m.codeId) {
        const c = codeAt.get(m.codeId);
        return c ? [{ node: m.nodeKey, kind: 'code', evaluation: c.slug, family: c.family, code: c.code }] : [];
      }
      const key = m.indicatorId ? indicatorAt.get(m.indicatorId) : undefined;
      return key ? [{ node: m.nodeKey, kind: 'indicator', indicator: key }] : [];
    });
    out.versions.push({
      name: v.name,
      status: v.status,
      changeNote: v.changeNote,
      publishedAt: v.publishedAt ? v.publishedAt.toISOString() : null,
      model: v.model,
      mappings,
    });
  }
  return out;
}

export interface ExportFile {
  body: string | Buffer;
  type: string;
  fileName: string;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'theory-of-change';

/** A version (or, for Cairn JSON without one, the whole theory) in a format; SVG/PNG coloured by `links` when given. */
export async function exportVersion(
  db: Queryable,
  ctx: ProgrammeContext,
  theory: Theory,
  version: Version | undefined,
  format: ExportFormat,
  draw: (svg: { title: string; model: TheoryModel }) => Promise<{ svg: string; png: () => Promise<Buffer> }>,
): Promise<ExportFile> {
  const base = `${slug(theory.name)}${version ? `-${slug(version.name)}` : ''}`;
  if (format === 'json')
    return { body: writeCairnTheory(await theoryFile(db, ctx, theory, version)), type: 'application/json', fileName: `${base}.cairn.json` };
  const v = version!;
  if (format === 'kumu')
    return { body: `${JSON.stringify(writeKumu(v.model), null, 2)}\n`, type: 'application/json', fileName: `${base}.kumu.json` };
  if (format === 'csv-elements') return { body: elementsCsv(v.model), type: 'text/csv; charset=utf-8', fileName: `${base}-elements.csv` };
  if (format === 'csv-connections')
    return { body: connectionsCsv(v.model), type: 'text/csv; charset=utf-8', fileName: `${base}-connections.csv` };
  const drawn = await draw({ title: `${theory.name}: ${v.name}`, model: v.model });
  if (format === 'svg') return { body: drawn.svg, type: 'image/svg+xml', fileName: `${base}.svg` };
  return { body: await drawn.png(), type: 'image/png', fileName: `${base}.png` };
}

// ---- import -------------------------------------------------------------------------------------

const at = (prefix: string, path: string): (string | number)[] => [
  prefix,
  ...path
    .split('.')
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
];

export interface ImportOptions {
  /** Which theory a Kumu blueprint goes into (default: the programme's only programme-level one, or a new one). */
  theory?: string | undefined;
  /** The version to import into (Kumu: a draft of that name, made if missing) or to take from a Cairn file. */
  version?: string | undefined;
}

export interface ImportResult {
  theory: Theory;
  versions: Version[];
  kind: 'kumu' | 'cairn' | 'csv';
}

export async function importTheory(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  data: unknown,
  options: ImportOptions = {},
): Promise<ImportResult> {
  requireTheoryEditor(ctx);
  if (isCairnTheoryFile(data)) return importCairn(db, ctx, actor, data, options);
  if (isKumuBlueprint(data)) return importBlueprint(db, ctx, actor, (stages) => readKumu(data, stages), options, 'kumu');
  throw new Invalid(
    'This file is neither a Kumu blueprint (with a list of "elements") nor a Cairn theory-of-change file (with "format": "cairn.theory-of-change")',
    [{ path: ['file'], message: 'Choose a Kumu blueprint or a Cairn theory-of-change file' }],
  );
}

/**
 * The CSV exchange format (domain/csv-exchange.ts): one or two files, told apart by their headings,
 * imported as a Kumu blueprint is (into the named or only theory, matched by label); all or nothing.
 */
export async function importTheoryCsv(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  files: { name: string; bytes: Uint8Array }[],
  options: ImportOptions = {},
): Promise<ImportResult> {
  requireTheoryEditor(ctx);
  if (files.length < 1 || files.length > 2)
    throw new Invalid('Give the elements file and the connections file, or one file with both', [
      { path: ['files'], message: 'Give one or two CSV files' },
    ]);
  const parsed: CsvFile[] = files.map((f) => ({
    name: f.name,
    rows: csvGrid(f.bytes, {
      maxRows: 10_001,
      tooManyRows: () => new Invalid(`${f.name} has more than 10,000 rows`, [{ path: [f.name], message: 'At most 10,000 rows' }]),
    }),
  }));
  return importBlueprint(db, ctx, actor, (stages) => readCsvTheory(parsed, stages), options, 'csv');
}

async function importBlueprint(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  readModel: (stages: readonly Stage[]) => { model: TheoryModel; problems: { path: string | (string | number)[]; message: string }[] },
  options: ImportOptions,
  kind: 'kumu' | 'csv',
): Promise<ImportResult> {
  const all = await db.select().from(theoriesOfChange).where(eq(theoriesOfChange.programmeId, ctx.programme.id));
  const wanted = options.theory?.trim().toLowerCase();
  const programmeLevel = all.filter((t) => t.level === 'programme');
  const existing = wanted
    ? all.find((t) => t.name.trim().toLowerCase() === wanted)
    : programmeLevel.length === 1
      ? programmeLevel[0]
      : undefined;
  if (!existing && !wanted && programmeLevel.length > 1)
    throw new Invalid(`${ctx.programme.name} has ${programmeLevel.length} programme-level theories of change: name one`, [
      { path: ['theory'], message: 'Name the theory of change to import into' },
    ]);
  const base = existing ? await versionByName(db, existing, undefined) : null;
  const stages = base ? base.model.stages : await programmeStages(db, ctx);
  const read = readModel(stages);
  if (read.problems.length)
    throw new Invalid(
      `${read.problems.map((p) => p.message).join('. ')}.`,
      read.problems.map((p) => ({ path: typeof p.path === 'string' ? at('file', p.path) : p.path, message: p.message })),
    );
  const model = base ? rekey(read.model, base.model) : read.model;
  checkModel(model, ['file']);
  if (!existing) {
    const made = await createTheory(db, ctx, actor, {
      name: options.theory?.trim() || `${ctx.programme.name} theory of change`,
      level: 'programme',
      model,
      versionName: options.version,
    });
    return { theory: made!.theory, versions: [made!.version], kind };
  }
  const target = options.version ? await versionByName(db, existing, options.version).catch(() => null) : null;
  if (target) {
    if (target.status !== 'draft')
      throw new Conflict(`${target.name} is published and cannot be changed: import into a new version name instead.`);
    const saved = await db.transaction((tx) => saveDraftModel(tx as unknown as Db, ctx, actor, existing, target.id, model));
    return { theory: existing, versions: [saved!], kind };
  }
  const v = await createDraft(db, ctx, actor, existing, { fromVersionId: base!.id, name: options.version, model });
  return { theory: existing, versions: [v!], kind };
}

/** A model read from a file, given the keys (and positions) of the steps and links of `base` that it names by label. */
export function rekey(model: TheoryModel, base: TheoryModel): TheoryModel {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');
  const baseByLabel = new Map(base.nodes.map((n) => [norm(n.label), n]));
  const taken = new Set(base.nodes.map((n) => n.key));
  const keyOf = new Map<string, string>();
  const nodes = model.nodes.map((n) => {
    const was = baseByLabel.get(norm(n.label));
    let key = was?.key ?? n.key;
    if (!was) {
      for (let i = 2; taken.has(key); i++) key = `${n.key}-${i}`;
      taken.add(key);
    }
    keyOf.set(n.key, key);
    return { ...n, key, position: was?.position ?? n.position };
  });
  const baseLink = new Map(base.links.map((l) => [`${l.from}\u0000${l.to}`, l.key]));
  const linkTaken = new Set(base.links.map((l) => l.key));
  const links = model.links.map((l) => {
    const from = keyOf.get(l.from)!;
    const to = keyOf.get(l.to)!;
    let key = baseLink.get(`${from}\u0000${to}`) ?? l.key;
    if (!baseLink.has(`${from}\u0000${to}`)) {
      for (let i = 2; linkTaken.has(key); i++) key = `${l.key}-${i}`;
      linkTaken.add(key);
    }
    return { ...l, key, from, to };
  });
  return { stages: model.stages, nodes, links };
}

async function importCairn(db: Db, ctx: ProgrammeContext, actor: Actor, data: unknown, options: ImportOptions): Promise<ImportResult> {
  const read = readCairnTheory(data);
  if (!read.file)
    throw new Invalid(
      `${read.problems.map((p) => p.message).join('. ')}.`,
      read.problems.map((p) => ({ path: at('file', p.path), message: p.message })),
    );
  const file = read.file;
  const versions = options.version
    ? file.versions.filter((v) => v.name.trim().toLowerCase() === options.version!.trim().toLowerCase())
    : file.versions;
  if (!versions.length)
    throw new Invalid(`The file has no version called “${options.version}”`, [
      { path: ['version'], message: 'Name a version in the file' },
    ]);
  const errors: FieldError[] = [];
  versions.forEach((v, i) => {
    try {
      checkModel(v.model, ['file', 'versions', i, 'model']);
    } catch (err) {
      errors.push(...((err as Invalid).errors ?? []));
    }
  });
  // Places by name; mappings by evaluation slug, family key and code name (or path), indicators by key.
  let placeId: string | null = null;
  if (file.theory.level === 'place') {
    const places = (await listPlaces(db, ctx, { page: 1, pageSize: 200, q: file.theory.place ?? '' })).rows;
    const hit = places.find((p) => p.name.trim().toLowerCase() === (file.theory.place ?? '').trim().toLowerCase());
    if (!hit)
      errors.push({ path: ['file', 'theory', 'place'], message: `${ctx.programme.name} has no place called “${file.theory.place ?? ''}”` });
    else placeId = hit.id;
  }
  const cat = await mappingCatalogue(db, ctx);
  const norm = (s: string) => s.trim().toLowerCase();
  const resolved = versions.map((v, i) =>
    v.mappings.flatMap((m, j): { nodeKey: string; codeId: string | null; evaluationId: string | null; indicatorId: string | null }[] => {
      const path = ['file', 'versions', i, 'mappings', j];
      if (!v.model.nodes.some((n) => n.key === m.node)) {
        errors.push({ path: [...path, 'node'], message: `A mapping of ${v.name} names the step “${m.node}”, which it does not have` });
        return [];
      }
      if (m.kind === 'indicator') {
        const ind = cat.indicators.find((x) => norm(x.key) === norm(m.indicator));
        if (!ind) errors.push({ path: [...path, 'indicator'], message: `${ctx.programme.name} has no indicator “${m.indicator}”` });
        return ind ? [{ nodeKey: m.node, codeId: null, evaluationId: null, indicatorId: ind.id }] : [];
      }
      const e = cat.evaluations.find((x) => x.evaluation.slug === m.evaluation);
      const code = e?.codes.find(
        (c) => norm(c.family) === norm(m.family) && (norm(c.path) === norm(m.code) || norm(c.name) === norm(m.code)),
      );
      if (!code)
        errors.push({
          path: [...path, 'code'],
          message: `No code “${m.code}” in the family ${m.family} of the evaluation ${m.evaluation}`,
        });
      return code ? [{ nodeKey: m.node, codeId: code.id, evaluationId: e!.evaluation.id, indicatorId: null }] : [];
    }),
  );
  if (errors.length) throw new Invalid(`${errors.map((e) => e.message).join('. ')}.`, errors);
  return db.transaction(async (tx) => {
    const [t] = await tx
      .insert(theoriesOfChange)
      .values({
        programmeId: ctx.programme.id,
        name: file.theory.name,
        level: file.theory.level,
        placeId,
        description: file.theory.description,
      })
      .returning()
      .catch((err) => {
        if ((err as { cause?: { code?: string } }).cause?.code === '23505' || (err as { code?: string }).code === '23505')
          throw new Conflict(`${ctx.programme.name} already has a theory of change called “${file.theory.name}”`, [
            {
              path: ['file', 'theory', 'name'],
              message: 'Rename the theory in the file, or import into the existing one as a Kumu blueprint',
            },
          ]);
        throw err;
      });
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'theory_of_change',
      entityId: t!.id,
      action: 'create',
      summary: `Imported the theory of change ${t!.name} with ${versions.length} version${versions.length === 1 ? '' : 's'}`,
      after: { name: t!.name, level: t!.level, placeId: t!.placeId, description: t!.description },
    });
    const made: Version[] = [];
    let basedOnId: string | null = null;
    for (const [i, v] of versions.entries()) {
      const published = v.status === 'published';
      const [row]: Version[] = await tx
        .insert(tocVersions)
        .values({
          theoryId: t!.id,
          number: i + 1,
          name: v.name,
          status: v.status,
          changeNote: v.changeNote,
          model: v.model,
          basedOnId,
          publishedAt: published ? new Date(v.publishedAt ?? Date.now()) : null,
          publishedBy: published ? actor.label : null,
        })
        .returning();
      if (resolved[i]!.length) await tx.insert(tocMappings).values(resolved[i]!.map((m) => ({ ...m, versionId: row!.id })));
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'toc_version',
        entityId: row!.id,
        action: 'create',
        summary: `Imported ${published ? 'the published version' : 'the draft'} ${row!.name} of ${t!.name}`,
        after: {
          name: row!.name,
          status: row!.status,
          changeNote: row!.changeNote,
          steps: v.model.nodes.length,
          links: v.model.links.length,
        },
      });
      made.push(row!);
      basedOnId = row!.id;
    }
    return { theory: t!, versions: made, kind: 'cairn' as const };
  });
}

export async function versionsOf(db: Queryable, theory: Theory) {
  return db
    .select()
    .from(tocVersions)
    .where(and(eq(tocVersions.theoryId, theory.id)))
    .orderBy(asc(tocVersions.number));
}
