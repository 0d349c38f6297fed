// Writes the merged SDL to schema.generated.graphql: one printed file for integrators and reviews.
import { writeFileSync } from 'node:fs';
import { printSchema, lexicographicSortSchema } from 'graphql';
import { buildSchemaFromFiles } from '../src/graphql/type-defs.js';

writeFileSync('schema.generated.graphql', printSchema(lexicographicSortSchema(buildSchemaFromFiles())) + '\n');
console.log('wrote schema.generated.graphql');
