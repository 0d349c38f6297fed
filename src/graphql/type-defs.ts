// Loads the SDL modules under schema/ (the source of truth) in a stable order.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildASTSchema, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { mergeTypeDefs } from '@graphql-tools/merge';
import { projectPath } from '../paths.js';

const schemaDir = () => projectPath('schema', 'base.graphql');

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
