// Loads the SDL modules under schema/ (the source of truth) in a stable order.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildASTSchema, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { mergeTypeDefs } from '@graphql-tools/merge';

function schemaDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'schema', 'base.graphql'))) return join(dir, 'schema');
    dir = dirname(dir);
  }
  throw new Error('schema/ folder not found');
}

let cached: DocumentNode | undefined;

export function typeDefs(): DocumentNode {
  if (cached) return cached;
  const dir = schemaDir();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort((a, b) => (a === 'base.graphql' ? -1 : b === 'base.graphql' ? 1 : a.localeCompare(b)));
  cached = mergeTypeDefs(files.map((f) => parse(readFileSync(join(dir, f), 'utf8'))));
  return cached;
}

export function buildSchemaFromFiles(): GraphQLSchema {
  return buildASTSchema(typeDefs());
}
