// Tenant slugs and the schema names derived from them (decisions §1).
export const SLUG_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;

export const RESERVED_SLUGS = new Set([
  'www',
  'api',
  'admin',
  'public',
  'platform',
  'app',
  'graphql',
  'static',
  'assets',
  'cdn',
  'mail',
  'smtp',
  'status',
  'health',
  'metrics',
  'auth',
  'login',
  'signup',
  'root',
  'system',
  'support',
  'help',
  'docs',
  'template',
  'information-schema',
  'pg',
  'postgres',
  'test',
  'demo-template',
]);

export function schemaNameFor(slug: string): string {
  return `tenant_${slug.replace(/-/g, '_')}`;
}

export function slugProblem(slug: string): string | null {
  if (!SLUG_PATTERN.test(slug)) {
    return 'must be 2-40 characters: a lowercase letter, then lowercase letters, digits or hyphens';
  }
  if (RESERVED_SLUGS.has(slug)) return 'is reserved';
  return null;
}
