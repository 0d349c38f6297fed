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

export { isLimitError, limitError, type LimitName } from './limit-error.js';

export function limitRules(limits: Config['limits']) {
  return [depthLimit(limits.maxQueryDepth), aliasLimit(limits.maxAliases)];
}

/** Throws a `cost` limit error when the operation would cost more than the limit. */
export function assertWithinCost(
  limits: Config['limits'],
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
  const cost = operationCost({ schema, operation, fragments, variables: coerced.coerced ?? variables });
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
