import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/tables/tenant-template.ts',
  out: './drizzle/tenant',
  schemaFilter: ['tenant_template'],
});
