// Writes the merged SDL, printed from the executable schema exactly as GET /graphql/schema.graphql
// serves it, to schema.generated.graphql: one file for integrators and reviews.
import { writeFileSync } from 'node:fs';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from '../src/graphql/schema.js';

writeFileSync('schema.generated.graphql', printSchema(lexicographicSortSchema(buildSchema())) + '\n');
console.log('wrote schema.generated.graphql');
