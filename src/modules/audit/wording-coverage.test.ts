// Every field any write puts in the audit log has a label in words. The fields are read from the code
// itself: TypeScript's checker gives the type of each `recordAudit(…)` call's `before` and `after`, and
// every property of those types must be in its entity's wording (<module>/audit-wording.ts). A field
// added to an audit shape without a label fails here, naming the file and line.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { wordingOf } from './wordings.js';

const ROOT = join(import.meta.dirname, '../../..');
const MODULES = join(ROOT, 'src/modules');

function auditingFiles(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) auditingFiles(p, out);
    else if (/\.ts$/.test(p) && !/\.(test|integration-test)\.ts$/.test(p) && readFileSync(p, 'utf8').includes('recordAudit(')) out.push(p);
  }
  return out;
}

interface AuditCall {
  where: string;
  entityType: string | null;
  fields: string[];
  /** A before/after typed as a record of any keys (named at run time). */
  openKeys: boolean;
}

function auditCalls(): AuditCall[] {
  const files = auditingFiles(MODULES).filter((f) => !f.endsWith(join('audit', 'audit.ts')));
  const config = ts.parseJsonConfigFileContent(JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')), ts.sys, ROOT);
  const program = ts.createProgram(files, { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const calls: AuditCall[] = [];
  for (const file of files) {
    const sf = program.getSourceFile(file)!;
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && n.expression.getText(sf) === 'recordAudit') {
        const entry = n.arguments[2];
        const call: AuditCall = {
          where: `${relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`,
          entityType: null,
          fields: [],
          openKeys: false,
        };
        if (entry && ts.isObjectLiteralExpression(entry)) {
          for (const p of entry.properties) {
            if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
            const name = p.name.getText(sf);
            const value = ts.isPropertyAssignment(p) ? p.initializer : p.name;
            if (name === 'entityType' && ts.isStringLiteral(value)) call.entityType = value.text;
            if (name !== 'before' && name !== 'after') continue;
            const type = checker.getTypeAtLocation(value);
            for (const part of type.isUnion() ? type.types : [type]) {
              if (part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) continue;
              for (const s of checker.getPropertiesOfType(part)) call.fields.push(s.name);
              if (checker.getIndexInfosOfType(part).length) call.openKeys = true;
            }
          }
        }
        calls.push(call);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return calls;
}

describe('the audit log in words', () => {
  it('has a label for every field any write records, and a wording for every kind of record audited', { timeout: 120_000 }, () => {
    const calls = auditCalls();
    expect(calls.length).toBeGreaterThan(50);
    const missing: string[] = [];
    for (const c of calls) {
      if (!c.entityType) {
        missing.push(`${c.where}: entityType is not a string literal, so its wording cannot be checked`);
        continue;
      }
      const w = wordingOf(c.entityType);
      if (!w) {
        missing.push(`${c.where}: no wording for entity type "${c.entityType}" (add it to its module's audit-wording.ts)`);
        continue;
      }
      for (const f of c.fields) if (!(f in w.fields)) missing.push(`${c.where}: "${c.entityType}" field "${f}" has no label`);
      if (c.openKeys && !w.dynamic)
        missing.push(`${c.where}: "${c.entityType}" records keys made at run time, and its wording has no dynamic labels`);
    }
    expect([...new Set(missing)], 'audited fields without a label in words').toEqual([]);
  });
});
