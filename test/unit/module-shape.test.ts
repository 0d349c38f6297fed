// One shape inside a module (issue 16): reads live in `selectors.ts` or `selectors/<entity>.ts`,
// writes in `services.ts` or `services/<entity>.ts`, and every exported function there that reaches
// the database (it returns a promise) takes exactly one argument, typed by an interface or type
// alias named after the function (`clientList` takes `ClientListArgs`) and exported beside it.
// Synchronous helpers (a display name, a filter parser, a `where` builder) are exempt.
// Syntax only (no type checker), so it runs in milliseconds.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const modulesDir = join(import.meta.dirname, '../../src/modules');

function shapeFiles(): string[] {
  const out: string[] = [];
  for (const m of readdirSync(modulesDir)) {
    const dir = join(modulesDir, m);
    if (!statSync(dir).isDirectory()) continue;
    for (const part of ['selectors', 'services']) {
      const flat = join(dir, `${part}.ts`);
      if (exists(flat)) out.push(flat);
      const folder = join(dir, part);
      if (exists(folder) && statSync(folder).isDirectory())
        for (const f of readdirSync(folder)) if (f.endsWith('.ts')) out.push(join(folder, f));
    }
  }
  return out.sort();
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

const isExported = (n: ts.Node): boolean =>
  ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

const isAsync = (n: ts.FunctionLikeDeclaration): boolean =>
  (ts.getModifiers(n as ts.FunctionDeclaration) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ||
  (n.type !== undefined && ts.isTypeReferenceNode(n.type) && n.type.typeName.getText() === 'Promise');

const argsName = (fn: string): string => `${fn[0]!.toUpperCase()}${fn.slice(1)}Args`;

/** What is wrong with the file's exported database functions, one line each (empty: nothing). */
export function shapeProblems(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const exportedTypes = new Set<string>();
  const functions: { name: string; node: ts.FunctionLikeDeclaration }[] = [];
  for (const st of source.statements) {
    if ((ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) && isExported(st)) exportedTypes.add(st.name.text);
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause))
      for (const e of st.exportClause.elements) exportedTypes.add(e.name.text);
    if (ts.isFunctionDeclaration(st) && st.name && isExported(st)) functions.push({ name: st.name.text, node: st });
    if (ts.isVariableStatement(st) && isExported(st))
      for (const d of st.declarationList.declarations)
        if (
          ts.isIdentifier(d.name) &&
          d.initializer &&
          (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))
        )
          functions.push({ name: d.name.text, node: d.initializer });
  }
  const problems: string[] = [];
  for (const { name, node } of functions) {
    if (!isAsync(node)) continue;
    const want = argsName(name);
    const params = node.parameters;
    const type = params[0]?.type;
    const typeName = type && ts.isTypeReferenceNode(type) ? type.typeName.getText() : type?.getText().replace(/\s+/g, ' ');
    if (params.length !== 1) problems.push(`${name}: takes ${params.length} parameters, not one ${want}`);
    else if (typeName !== want) problems.push(`${name}: takes ${typeName ?? 'an untyped argument'}, not ${want}`);
    else if (!exportedTypes.has(want)) problems.push(`${name}: ${want} is not exported from the same file`);
  }
  return problems;
}

describe('the shape inside a module', () => {
  it('finds the selectors and services of every module', () => {
    expect(shapeFiles().length).toBeGreaterThan(15);
  });

  it('every exported database function of a selectors or services file takes one exported <Fn>Args', () => {
    const problems = shapeFiles().flatMap((f) =>
      shapeProblems(f, readFileSync(f, 'utf8')).map((p) => `${relative(modulesDir, f)}: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  it('tells a wrong shape apart from the right one', () => {
    const ok = `export interface ClientListArgs extends TenantArgs { first: number }
      export async function clientList({ db }: ClientListArgs): Promise<X> { return db; }
      export function displayName(a: string, b: string): string { return a + b; }`;
    expect(shapeProblems('ok.ts', ok)).toEqual([]);
    const bad = `interface ClientGetArgs extends TenantArgs {}
      export type OtherArgs = TenantArgs;
      export async function clientGet(args: ClientGetArgs) {}
      export const clientList = async ({ db }: OtherArgs): Promise<void> => {};
      export async function clientCount(db: Db, id: string) {}
      export function clientFind(db: Db): Promise<void> { return db.x(); }`;
    expect(shapeProblems('bad.ts', bad)).toEqual([
      'clientGet: ClientGetArgs is not exported from the same file',
      'clientList: takes OtherArgs, not ClientListArgs',
      'clientCount: takes 2 parameters, not one ClientCountArgs',
      'clientFind: takes Db, not ClientFindArgs',
    ]);
  });
});
