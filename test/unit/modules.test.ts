// The module list is the whole server: every folder under src/modules/ is in it, under its own
// name, with the same parts; every SDL file belongs to one module; the schema, shield and the
// loaders are built from it alone.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { IRule } from 'graphql-shield';
import { describe, expect, it } from 'vitest';
import { permissionRules, ruleTree } from '../../src/access/permissions.js';
import { MODULES } from '../../src/modules/index.js';
import { RESOLVERS } from '../../src/graphql/schema.js';
import { sdlFiles } from '../../src/graphql/type-defs.js';

const modulesDir = join(import.meta.dirname, '../../src/modules');
const isFolder = (p: string) => existsSync(p) && statSync(p).isDirectory();
const folders = readdirSync(modulesDir).filter((f) => isFolder(join(modulesDir, f)));
/** The parts a module folder may hold; a folder part is the same part split into one file per entity. */
const FILE_PARTS = [
  'index.ts',
  'models.ts',
  'resolvers.ts',
  'rules.ts',
  'loaders.ts',
  'validation.ts',
  'selectors.ts',
  'services.ts',
];
const FOLDER_PARTS = ['resolvers', 'selectors', 'services'];

describe('the module list', () => {
  it('names every folder under src/modules/, each once, by its folder name', () => {
    const names = MODULES.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...folders].sort());
  });

  it('every module folder has the same parts: a manifest, models, resolvers and rules, loaders where the manifest names them, validation, selectors and services where needed, and nothing else', () => {
    for (const m of MODULES) {
      const dir = join(modulesDir, m.name);
      for (const part of ['index.ts', 'models.ts', 'rules.ts'])
        expect(existsSync(join(dir, part)), `${m.name}/${part}`).toBe(true);
      expect(
        existsSync(join(dir, 'resolvers.ts')) || isFolder(join(dir, 'resolvers')),
        `${m.name}/resolvers.ts or resolvers/`,
      ).toBe(true);
      expect(existsSync(join(dir, 'loaders.ts')), `${m.name}/loaders.ts iff the manifest has loaders`).toBe('loaders' in m);
      // Nothing else: a helper goes into the part of its kind (reads into selectors, writes into services).
      const stray = readdirSync(dir).filter((f) => !(isFolder(join(dir, f)) ? FOLDER_PARTS : FILE_PARTS).includes(f));
      expect(stray, `${m.name}/ holds only ${[...FILE_PARTS, ...FOLDER_PARTS.map((f) => `${f}/`)].join(', ')}`).toEqual([]);
      for (const part of FOLDER_PARTS) {
        const folder = join(dir, part);
        if (!isFolder(folder)) continue;
        expect(existsSync(join(dir, `${part}.ts`)), `${m.name}/${part}.ts beside ${part}/ (one or the other)`).toBe(false);
        const files = readdirSync(folder);
        expect(files.length, `${m.name}/${part}/ is empty`).toBeGreaterThan(0);
        expect(
          files.filter((f) => !f.endsWith('.ts') || isFolder(join(folder, f))),
          `${m.name}/${part}/ holds only .ts files`,
        ).toEqual([]);
      }
    }
  });

  it('every SDL file under schema/ but base.graphql belongs to exactly one module', () => {
    const owners = new Map<string, string[]>();
    for (const m of MODULES) for (const f of m.typeDefs) owners.set(f, [...(owners.get(f) ?? []), m.name]);
    expect([...owners].filter(([, o]) => o.length > 1)).toEqual([]);
    expect(
      sdlFiles()
        .filter((f) => f !== 'base.graphql')
        .sort(),
    ).toEqual([...owners.keys()].sort());
  });

  it('the schema takes every module resolver map, in the list order, and nothing else', () => {
    expect(RESOLVERS.slice(1)).toEqual(MODULES.flatMap((m) => m.resolvers));
  });

  it('shield takes the rules of every module and of no other map', () => {
    const ping = (type: 'Query' | 'Mutation') => permissionRules[type].ping as IRule;
    const base = { Query: { ping: ping('Query') }, Mutation: { ping: ping('Mutation') } };
    expect(ruleTree([base, ...MODULES.map((m) => m.rules)])).toEqual(permissionRules);
  });
});
