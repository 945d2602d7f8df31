/**
 * The files of src/db/sql/ can be applied to a database that already has their definitions (so a
 * migration can re-create them), each definition lives in one file, and the migration text is the files'
 * text with drizzle's breakpoints. Whether a migrated database holds exactly these definitions is
 * definitions.integration-test.ts's question.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMigrations, migrationsFolder } from '../migration-checksums.js';
import { addMigration, BREAKPOINT, migrationText, readDefinitionFiles, splitStatements, statementEnds } from './definitions.js';

/** A statement without the comments and blank lines before it. */
const bare = (statement: string) => statement.replace(/^(\s*--[^\n]*\n|\s+)*/, '').trim();

describe('splitting SQL into statements', () => {
  it('cuts at semicolons outside comments, strings, quoted names and dollar-quoted bodies', () => {
    const text = [
      '-- a comment; not the end',
      "SELECT 'a;b', 'it''s; here', \"odd;name\" FROM t; /* block; /* nested; */ still; */",
      'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;',
      'CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT $$x;$$ $body$;',
      'SELECT $1::int;',
      '-- trailing comment',
      '',
    ].join('\n');
    const statements = splitStatements(text);
    expect(statements.map(bare)).toEqual([
      "SELECT 'a;b', 'it''s; here', \"odd;name\" FROM t;",
      '/* block; /* nested; */ still; */\nCREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;',
      'CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT $$x;$$ $body$;',
      'SELECT $1::int;\n-- trailing comment',
    ]);
    expect(statements.join('')).toBe(text);
  });

  it('refuses text it cannot cut soundly', () => {
    expect(() => statementEnds('SELECT 1')).toThrow(/no closing semicolon/);
    expect(() => statementEnds("SELECT 'open;")).toThrow(/Unterminated string/);
    expect(() => statementEnds('CREATE FUNCTION f() AS $$ BEGIN; END;')).toThrow(/Unterminated dollar-quoted body/);
    expect(() => statementEnds('/* open; */ */ /* SELECT 1;')).toThrow(/Unterminated block comment/);
  });
});

describe('the files of src/db/sql/', () => {
  const files = readDefinitionFiles();
  const statements = files.flatMap((file) => splitStatements(file.text).map((s) => ({ file: file.name, sql: bare(s) })));

  it('are there, each starting with a comment that says what it guards', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file.text, file.name).toMatch(/^-- \S/);
  });

  it('only (re)create functions and triggers, so a migration can apply them over what is there', () => {
    statements.forEach(({ file, sql }, k) => {
      if (/^CREATE OR REPLACE FUNCTION "[^"]+"\(/.test(sql)) return;
      const drop = /^DROP TRIGGER IF EXISTS ("[^"]+") ON ("[^"]+");$/.exec(sql);
      if (drop) {
        // Each DROP is followed by the CREATE of that very trigger.
        const next = statements[k + 1]?.sql ?? '';
        expect(next.startsWith(`CREATE TRIGGER ${drop[1]} `) && next.includes(` ON ${drop[2]}\n`), `${file}: ${sql}`).toBe(true);
        return;
      }
      const create = /^CREATE TRIGGER ("[^"]+") [\s\S]* ON ("[^"]+")\n/.exec(sql);
      expect(create, `${file}: not a CREATE OR REPLACE FUNCTION, DROP TRIGGER IF EXISTS or CREATE TRIGGER:\n${sql}`).not.toBeNull();
      expect(statements[k - 1]?.sql, `${file}: CREATE TRIGGER ${create![1]} without the DROP TRIGGER IF EXISTS before it`).toBe(
        `DROP TRIGGER IF EXISTS ${create![1]} ON ${create![2]};`,
      );
    });
  });

  it('define each function and trigger in one place only', () => {
    const names = statements.flatMap(({ sql }) => {
      const f = /^CREATE OR REPLACE FUNCTION ("[^"]+")/.exec(sql);
      const t = /^CREATE TRIGGER ("[^"]+") [\s\S]* ON ("[^"]+")\n/.exec(sql);
      return f ? [`function ${f[1]}`] : t ? [`trigger ${t[1]} on ${t[2]}`] : [];
    });
    expect(names.filter((name, k) => names.indexOf(name) !== k)).toEqual([]);
  });

  it('become a migration holding their text as it is, a statement between breakpoints', () => {
    const text = migrationText(files);
    const pieces = text.split(BREAKPOINT);
    expect(pieces.map(bare)).toEqual(statements.map((s) => s.sql));
    // [header, name, text, name, text, …]: each file's text, once the breakpoints are taken out.
    const sections = text.split(/^-- ==== src\/db\/sql\/(.+)\n/m);
    expect(sections.filter((_, k) => k % 2 === 1)).toEqual(files.map((file) => file.name));
    files.forEach((file, k) => {
      const section = sections[2 * k + 2]!;
      const own = k < files.length - 1 ? section.slice(0, -`${BREAKPOINT}\n`.length) : section;
      expect(own.replaceAll(BREAKPOINT, '')).toBe(file.text);
    });
  });
});

describe('adding the migration', () => {
  it('writes the next migration, its snapshot chained to the last and a later journal entry, changing nothing landed', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cairn-migrations-'));
    try {
      cpSync(migrationsFolder, folder, { recursive: true });
      const read = (path: string) => JSON.parse(readFileSync(join(folder, ...path.split('/')), 'utf8'));
      const before = read('meta/_journal.json').entries as { idx: number; tag: string; when: number }[];
      const last = before.at(-1)!;
      const number = String(last.idx + 1).padStart(4, '0');
      const text = migrationText(readDefinitionFiles());

      // A clock behind the last entry's still gives a later one.
      expect(addMigration(folder, 'triggers_changed', text, last.when - 5)).toBe(`${number}_triggers_changed`);
      expect(readFileSync(join(folder, `${number}_triggers_changed.sql`), 'utf8')).toBe(text);
      const previous = read(`meta/${last.tag.slice(0, 4)}_snapshot.json`);
      const snapshot = read(`meta/${number}_snapshot.json`);
      expect(snapshot.prevId).toBe(previous.id);
      expect(snapshot.id).not.toBe(previous.id);
      expect({ ...snapshot, id: previous.id, prevId: previous.prevId }).toEqual(previous);
      expect(read('meta/_journal.json').entries).toEqual([
        ...before,
        { idx: last.idx + 1, version: '7', when: last.when + 1, tag: `${number}_triggers_changed`, breakpoints: true },
      ]);
      const { changed, unlisted } = checkMigrations(folder);
      expect(changed).toEqual([]);
      expect([...unlisted.keys()]).toEqual([
        `${number}_triggers_changed.sql`,
        `meta/${number}_snapshot.json`,
        `meta/_journal.json#${number}_triggers_changed`,
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
