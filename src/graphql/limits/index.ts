// Abuse limits on GraphQL documents, shared by /graphql and /graphql/stream: depth and aliases are
// validation rules (no variables needed); cost needs the variables, so it is checked once the
// operation is resolved.
import {
  getVariableValues,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Config } from '../../config.js';
import { aliasLimit } from './aliases.js';
import { operationCost } from './cost.js';
import { depthLimit } from './depth.js';
import { limitError } from './limit-error.js';

export { isLimitError, limitError, tokenLimitError, tokenLimitOf, type LimitName } from './limit-error.js';
export { assertCleanInput } from './input-values.js';
export { assertOneSessionField, rootFields } from './root-fields.js';

export function limitRules(limits: Config['limits']) {
  return [depthLimit(limits.maxQueryDepth), aliasLimit(limits.maxAliases)];
}

/**
 * Costs already computed, per operation (Apollo hands the same parsed document to every request
 * of the same text) and the variables it ran with: a repeated request costs a map lookup.
 */
const costs = new WeakMap<OperationDefinitionNode, Map<string, number>>();
const COSTS_PER_OPERATION = 64;

function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): number {
  const key = operation.variableDefinitions?.length ? JSON.stringify(variables ?? {}) : '';
  let known = costs.get(operation);
  if (!known) costs.set(operation, (known = new Map()));
  let cost = known.get(key);
  if (cost === undefined) {
    cost = computeCost(schema, document, operation, variables);
    if (known.size >= COSTS_PER_OPERATION) known.delete(known.keys().next().value!);
    known.set(key, cost);
  }
  return cost;
}

/** Throws a `cost` limit error when the operation would cost more than the limit. */
export function assertWithinCost(
  limits: Config['limits'],
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): number {
  const cost = costOf(schema, document, operation, variables);
  if (cost > limits.maxQueryCost) {
    throw limitError(
      'cost',
      `The operation could cost ${cost} (each field counts once per item of the lists above it); the limit is ${limits.maxQueryCost}. Ask for smaller pages or fewer nested lists.`,
      limits.maxQueryCost,
      cost,
    );
  }
  return cost;
}

function computeCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  // Coerced as execution will coerce them: a variable left out takes its declared default, which
  // the raw request variables do not show (and a page size hidden there must still count).
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  return operationCost({ schema, operation, fragments, variables: coerced.coerced ?? variables });
}
