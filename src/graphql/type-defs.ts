// Loads the SDL files under schema/ (the source of truth): base.graphql and every module's own, as
// its manifest names them, in a stable order. A file there that no module owns fails the start.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildASTSchema, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { mergeTypeDefs } from '@graphql-tools/merge';
import { MODULES } from '../modules/index.js';
import { projectPath } from '../paths.js';

const schemaDir = () => projectPath('schema', 'base.graphql');

let cached: DocumentNode | undefined;

/** The SDL files of schema/: base.graphql first, then the rest by name. */
export function sdlFiles(): string[] {
  const owned = new Set<string>(MODULES.flatMap((m) => m.typeDefs));
  const files = readdirSync(schemaDir()).filter((f) => f.endsWith('.graphql'));
  const unowned = files.filter((f) => f !== 'base.graphql' && !owned.has(f));
  if (unowned.length) throw new Error(`schema/${unowned.join(', schema/')}: no module in src/modules/index.ts owns it`);
  const missing = [...owned].filter((f) => !files.includes(f));
  if (missing.length) throw new Error(`schema/${missing.join(', schema/')}: named by a module's manifest, not found`);
  return files.sort((a, b) => (a === 'base.graphql' ? -1 : b === 'base.graphql' ? 1 : a.localeCompare(b)));
}

export function typeDefs(): DocumentNode {
  if (cached) return cached;
  const dir = schemaDir();
  cached = mergeTypeDefs(sdlFiles().map((f) => parse(readFileSync(join(dir, f), 'utf8'))));
  return cached;
}

export function buildSchemaFromFiles(): GraphQLSchema {
  return buildASTSchema(typeDefs());
}
