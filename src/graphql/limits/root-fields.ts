// The root fields an operation will execute (aliases, fragments on the root and @skip/@include
// applied): rate limits spend one unit per root field, and at most one field that opens a session
// may run per operation, so aliases cannot multiply argon2 checks and new sessions.
// graphql-js's own collectFields is marked @internal (no stable API); the walk below is its root case.
import {
  getDirectiveValues,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  Kind,
  typeFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { limitError } from './limit-error.js';

/** Each runs an argon2 check or opens a session (or both): one per operation. */
export const SESSION_FIELDS: ReadonlySet<string> = new Set(['login', 'refreshSession', 'signUp']);

/** Root field names by response key, as execution will see them (a key asked twice runs once). */
export function rootFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): Map<string, string> {
  const root = schema.getRootType(operation.operation);
  const fields = new Map<string, string>();
  if (!root) return fields;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}).coerced ?? {};
  const visited = new Set<string>();

  const included = (node: FieldNode | FragmentSpreadNode | InlineFragmentNode) =>
    getDirectiveValues(GraphQLSkipDirective, node, coerced)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, coerced)?.if !== false;
  const applies = (fragment: FragmentDefinitionNode | InlineFragmentNode, type: GraphQLObjectType) => {
    if (!fragment.typeCondition) return true;
    const condition = typeFromAST(schema, fragment.typeCondition);
    if (condition === type) return true;
    return !!condition && isAbstractType(condition) && schema.isSubType(condition, type);
  };
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (!fields.has(key)) fields.set(key, selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection, root)) collect(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (visited.has(name) || !fragment || !applies(fragment, root)) continue;
        visited.add(name);
        collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  return fields;
}

/**
 * Throws a `session` limit error, naming the field, when the operation would run more than one
 * session field (aliases of one, or several of them).
 */
export function assertOneSessionField(fields: ReadonlyMap<string, string>): void {
  const found = [...fields.values()].filter((name) => SESSION_FIELDS.has(name));
  if (found.length <= 1) return;
  const field = found[0]!;
  const counts = new Map<string, number>();
  for (const name of found) counts.set(name, (counts.get(name) ?? 0) + 1);
  const calls = [...counts].map(([name, n]) => (n > 1 ? `${name} ${n} times` : name)).join(' and ');
  throw limitError(
    'session',
    `An operation may call \`${field}\` at most once, and none of login, refreshSession and signUp besides it; this one calls ${calls}. Send them as separate operations.`,
    1,
    found.length,
    { details: { field } },
  );
}
