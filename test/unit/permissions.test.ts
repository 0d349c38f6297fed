import { deny } from 'graphql-shield';
import { describe, expect, it } from 'vitest';
import { permissionRules } from '../src/access/permissions.js';
import { buildSchemaFromFiles } from '../src/graphql/type-defs.js';

describe('deny by default', () => {
  const schema = buildSchemaFromFiles();
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t) => t != null);

  it('every root type has a "*": deny fallback', () => {
    for (const type of roots) {
      const rules = (permissionRules as Record<string, Record<string, unknown>>)[type.name];
      expect(rules, type.name).toBeDefined();
      expect(rules!['*'], `${type.name}.*`).toBe(deny);
    }
  });

  it('every root field of Query, Mutation and Subscription has an explicit rule', () => {
    const missing: string[] = [];
    for (const type of roots) {
      const rules = (permissionRules as Record<string, Record<string, unknown>>)[type.name] ?? {};
      for (const field of Object.keys(type.getFields())) if (!(field in rules)) missing.push(`${type.name}.${field}`);
    }
    expect(missing).toEqual([]);
  });

  it('no rule names a root field that does not exist (a typo would leave the real field denied)', () => {
    const stale: string[] = [];
    for (const [typeName, rules] of Object.entries(permissionRules)) {
      const type = schema.getType(typeName) as { getFields(): Record<string, unknown> } | undefined;
      for (const field of Object.keys(rules))
        if (field !== '*' && !(type && field in type.getFields())) stale.push(`${typeName}.${field}`);
    }
    expect(stale).toEqual([]);
  });
});
