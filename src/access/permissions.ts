// The shield map: an explicit rule for every root field; anything not listed is denied. Each
// module brings the rules of its root fields (its manifest, src/modules/<m>/index.ts); only the
// base schema's own field is ruled here.
import { deny, shield } from 'graphql-shield';
import type { IRule } from 'graphql-shield';
import { AppError } from '../errors.js';
import { MODULES } from '../modules/index.js';
import { isPublic, type ModuleRules } from './rules.js';

/** The base schema's field (schema/base.graphql); every other root field belongs to a module. */
const baseRules = {
  Query: { ping: isPublic },
  Mutation: { ping: isPublic },
} satisfies ModuleRules;

/** Merges rule maps, refusing a root field ruled twice (a silent override would be a hole). */
function merge(parts: readonly ModuleRules[], type: keyof ModuleRules): Record<string, IRule | typeof deny> {
  const out: Record<string, IRule | typeof deny> = { '*': deny };
  for (const part of parts) {
    for (const [field, rule] of Object.entries(part[type] ?? {})) {
      // Stryker disable next-line ConditionalExpression: a static mutant (reached when the module loads), for which the vitest runner runs no test; by hand, `true` here fails every test that imports this module
      if (out[field]) throw new Error(`shield: ${type}.${field} has two rules`);
      out[field] = rule;
    }
  }
  return out;
}

/** The rule tree of `parts`; Subscription is listed only when a part rules one (shield refuses rules for a missing type). */
export function ruleTree(parts: readonly ModuleRules[]) {
  const subscriptionRules = merge(parts, 'Subscription');
  return {
    Query: merge(parts, 'Query'),
    Mutation: merge(parts, 'Mutation'),
    ...(Object.keys(subscriptionRules).length > 1 ? { Subscription: subscriptionRules } : {}),
  };
}

export const permissionRules = ruleTree([baseRules, ...MODULES.map((m) => m.rules)]);

/** Refusals without an error of their own ("*": deny) are FORBIDDEN; resolvers' errors pass on unchanged. */
export const shieldOptions = {
  allowExternalErrors: true,
  fallbackError: () => new AppError('FORBIDDEN', 'You are not allowed to do this'),
  // Stryker disable next-line BooleanLiteral: debug only changes whether shield rethrows or returns a resolver's error; GraphQL reports both alike
  debug: false,
};

export const permissions = shield(permissionRules, shieldOptions);
