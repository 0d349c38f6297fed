// The shield map: deny by default, an explicit rule for every root field and none for a field that
// does not exist, a root field ruled twice refused, and how shield passes errors on.
import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { deny, shield } from 'graphql-shield';
import { describe, expect, it } from 'vitest';
import { permissionRules, ruleTree, shieldOptions } from '../../src/access/permissions.js';
import { isAuthenticated, isPublic, isTenantUser } from '../../src/access/rules.js';
import { buildSchema } from '../../src/graphql/schema.js';
import { buildSchemaFromFiles } from '../../src/graphql/type-defs.js';

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

describe('the rule tree', () => {
  it('refuses a root field ruled twice, naming it', () => {
    expect(() => ruleTree([{ Query: { a: isPublic } }, { Query: { b: isPublic } }, { Query: { a: isAuthenticated } }])).toThrow(
      'shield: Query.a has two rules',
    );
    expect(() => ruleTree([{ Mutation: { a: isPublic } }, { Mutation: { a: isPublic } }])).toThrow(
      'shield: Mutation.a has two rules',
    );
    expect(() => ruleTree([{ Subscription: { s: isPublic } }, { Subscription: { s: isTenantUser } }])).toThrow(
      'shield: Subscription.s has two rules',
    );
  });

  it('merges the parts under a "*": deny, and lists Subscription only when a part rules one', () => {
    const tree = ruleTree([{ Query: { a: isPublic } }, { Query: { b: isTenantUser }, Mutation: { m: isAuthenticated } }]);
    expect(tree).toEqual({ Query: { '*': deny, a: isPublic, b: isTenantUser }, Mutation: { '*': deny, m: isAuthenticated } });
    expect(ruleTree([{ Subscription: { s: isTenantUser } }])).toEqual({
      Query: { '*': deny },
      Mutation: { '*': deny },
      Subscription: { '*': deny, s: isTenantUser },
    });
  });
});

describe('shield on the schema', () => {
  const schema = buildSchema();
  const run = (source: string, contextValue: Record<string, unknown>) => graphql({ schema, source, contextValue });

  it("answers a rule's refusal with the rule's own error", async () => {
    const r = await run('{ me { id } }', { tenant: null, viewer: null });
    expect(r.errors?.map((e) => [e.message, e.extensions.code])).toEqual([['Authentication required', 'UNAUTHENTICATED']]);
  });

  it("passes a resolver's own error on unchanged, not as a refusal", async () => {
    // A signed-in platform admin whose resolver fails (no runtime in this context).
    const viewer = { kind: 'platform', id: 'p', email: 'p@x.test', role: 'SUPER_SUPER_ADMIN', sessionId: 's' };
    const r = await run('{ me { id } }', { tenant: null, viewer, db: null, runtime: undefined });
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]!.message).not.toBe('You are not allowed to do this');
    expect(r.errors![0]!.message).toMatch(/Cannot read properties of undefined/);
  });
});

describe('shield options', () => {
  it('a field without a rule of its own is FORBIDDEN', async () => {
    const tiny = makeExecutableSchema({
      typeDefs: 'type Query { open: Boolean, closed: Boolean } type Mutation { m: Boolean }',
      resolvers: { Query: { open: () => true, closed: () => true }, Mutation: { m: () => true } },
    });
    const schema = applyMiddleware(tiny, shield(ruleTree([{ Query: { open: isPublic } }]), shieldOptions));
    const r = await graphql({ schema, source: '{ open closed }', contextValue: {} });
    expect(r.data).toEqual({ open: true, closed: null });
    expect(r.errors?.map((e) => [e.message, e.extensions.code])).toEqual([['You are not allowed to do this', 'FORBIDDEN']]);
  });
});
