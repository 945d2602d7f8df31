/**
 * The migrated database holds exactly the functions and triggers of src/db/sql/ (decision 013), on both
 * engines. What the migrations left is read from the catalogue (pg_get_functiondef, pg_get_triggerdef, …);
 * then every function and trigger in the public schema is dropped, the files are applied, and the
 * catalogue is read again. The two readings must be the same: a definition only in the database, only in
 * a file, or different between them (one character of a body, a trigger's event) fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testEngine } from '../../../test/support/database.js';
import type { Database } from '../database.js';
import { readDefinitionFiles, splitStatements } from './definitions.js';

// Extension-owned objects (pg_depend deptype 'e') are the extension's, not Cairn's.
const notFromAnExtension = (catalogue: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalogue}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

interface Routine {
  name: string;
  kind: string;
  definition: string | null;
  acl: string | null;
  comment: string | null;
}
const ROUTINES = `
  SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name, p.prokind AS kind,
         CASE WHEN p.prokind IN ('f', 'p') THEN pg_get_functiondef(p.oid) END AS definition,
         p.proacl::text AS acl, obj_description(p.oid, 'pg_proc') AS comment
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = 'public' AND ${notFromAnExtension('pg_proc', 'p.oid')}
   ORDER BY 1`;

interface Trigger {
  name: string;
  trigger: string;
  table: string;
  definition: string;
  enabled: string;
  comment: string | null;
}
const TRIGGERS = `
  SELECT c.relname || '.' || t.tgname AS name, t.tgname AS trigger, c.relname AS table,
         pg_get_triggerdef(t.oid) AS definition, t.tgenabled AS enabled, obj_description(t.oid, 'pg_trigger') AS comment
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND NOT t.tgisinternal AND ${notFromAnExtension('pg_trigger', 't.oid')}
   ORDER BY 1`;

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function definitions(database: Database) {
  const routines = await database.query<Routine>(ROUTINES);
  const triggers = await database.query<Trigger>(TRIGGERS);
  return {
    routines: Object.fromEntries(routines.map(({ name, ...rest }) => [name, rest])),
    triggers: Object.fromEntries(triggers.map(({ name, definition, enabled, comment }) => [name, { definition, enabled, comment }])),
  };
}

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe(`the functions and triggers of a migrated database (${testEngine})`, () => {
  it('are exactly those of src/db/sql/, each as its file defines it', async () => {
    const migrated = await definitions(database);
    expect(Object.keys(migrated.routines).length).toBeGreaterThan(0);
    expect(Object.keys(migrated.triggers).length).toBeGreaterThan(0);

    // Start from none: this database is a throwaway copy of the test template.
    for (const t of await database.query<Trigger>(TRIGGERS))
      await database.exec(`DROP TRIGGER ${quoted(t.trigger)} ON public.${quoted(t.table)}`);
    for (const r of await database.query<{ oid: string; kind: string }>(
      `SELECT p.oid::regprocedure::text AS oid, p.prokind AS kind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND ${notFromAnExtension('pg_proc', 'p.oid')}`,
    )) {
      await database.exec(`DROP ${r.kind === 'a' ? 'AGGREGATE' : r.kind === 'p' ? 'PROCEDURE' : 'FUNCTION'} ${r.oid}`);
    }
    expect(await definitions(database)).toEqual({ routines: {}, triggers: {} });

    // Each file defines something new (that no two files define one thing is checked by definitions.test.ts).
    let before = await definitions(database);
    for (const file of readDefinitionFiles()) {
      for (const statement of splitStatements(file.text)) await database.exec(statement);
      const after = await definitions(database);
      const added = Object.keys(after.routines).length + Object.keys(after.triggers).length;
      const had = Object.keys(before.routines).length + Object.keys(before.triggers).length;
      expect(added, `src/db/sql/${file.name} defines nothing new`).toBeGreaterThan(had);
      before = after;
    }

    const fromFiles = await definitions(database);
    expect(fromFiles.routines, 'functions: in the database as migrated (expected) and from src/db/sql/ (received)').toEqual(
      migrated.routines,
    );
    expect(fromFiles.triggers, 'triggers: in the database as migrated (expected) and from src/db/sql/ (received)').toEqual(
      migrated.triggers,
    );
  });
});
