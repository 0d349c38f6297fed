// The cost of an operation, computed before it runs: every field counts 1, and a field's
// selections count once per item it can return. A paginated field (`first`) multiplies by its page
// size (the argument, else its default, capped at the server's page cap); any other list by the
// cap declared for it in list-bounds.ts, which the schema enforces. The `edges`/`nodes` of a page
// are the page itself and do not multiply again.
// Fragments on several types are all counted, so the figure is an upper bound.
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { isPageList, listMax, PAGE_CAP } from './list-bounds.js';

const PAGE_SIZE_ARGS = ['first', 'last'];

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Readonly<Record<string, unknown>> | undefined;
}

export function operationCost({ schema, operation, fragments, variables }: CostInput): number {
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return 0;

  const pageSize = (field: FieldNode, def: GraphQLField<unknown, unknown>): number | undefined => {
    for (const argDef of def.args) {
      if (!PAGE_SIZE_ARGS.includes(argDef.name)) continue;
      const arg = field.arguments?.find((a) => a.name.value === argDef.name);
      const value = arg ? valueFromAST(arg.value, argDef.type, variables as Record<string, unknown>) : argDef.defaultValue;
      // No value or an invalid one: the resolver applies the default page (or refuses the input).
      const n = typeof value === 'number' && value >= 0 ? value : 25;
      return Math.min(n, PAGE_CAP);
    }
    return undefined;
  };

  const selectionCost = (type: GraphQLNamedType, set: SelectionSetNode, inPage: boolean, seen: ReadonlySet<string>): number => {
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        total += fieldCost(type, sel, inPage, seen);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) ?? type) : type;
        total += selectionCost(on, sel.selectionSet, inPage, seen);
      } else {
        const frag = fragments.get(sel.name.value);
        if (!frag || seen.has(frag.name.value)) continue;
        const on = schema.getType(frag.typeCondition.name.value) ?? type;
        total += selectionCost(on, frag.selectionSet, inPage, new Set(seen).add(frag.name.value));
      }
    }
    return total;
  };

  const fieldCost = (parent: GraphQLNamedType, field: FieldNode, inPage: boolean, seen: ReadonlySet<string>): number => {
    const name = field.name.value;
    // Meta fields: __typename is free; introspection has its own switch and a fixed shape.
    if (name.startsWith('__')) return name === '__typename' ? 0 : 1;
    if (!isObjectType(parent) && !isInterfaceType(parent)) return 1;
    const def = parent.getFields()[name];
    if (!def || !field.selectionSet) return 1;
    const returns = getNamedType(def.type);
    if (!isCompositeType(returns)) return 1;
    const page = pageSize(field, def);
    const list = isListType(getNullableType(def.type));
    const multiplier = page ?? (list && !(inPage && isPageList(parent.name, name)) ? listMax(parent.name, name) : 1);
    return 1 + multiplier * selectionCost(returns, field.selectionSet, page !== undefined, seen);
  };

  return selectionCost(root, operation.selectionSet, false, new Set());
}
