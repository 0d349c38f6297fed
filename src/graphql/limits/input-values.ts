// One check over every value an operation brings in, inline or in variables, before it runs:
// no string holds a NUL (PostgreSQL text cannot store one, so it failed as a 500 deep in a write)
// and no value nests deeper than MAX_INPUT_DEPTH (a JSON argument 4,900 levels deep overflowed the
// stack). Field paths are the argument's (`input.firstName`), like every other input error.
import { Kind, type DocumentNode, type OperationDefinitionNode, type ValueNode } from 'graphql';
import { AppError, type FieldError } from '../../errors.js';

const REPORTED = 10;

interface Walk {
  maxDepth: number;
  problems: FieldError[];
  /** Where each variable is first used: its argument path and the depth it sits at there. */
  usages: Map<string, { path: string; depth: number }>;
}

const join = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

function problem(walk: Walk, path: string, message: string): void {
  if (walk.problems.length < REPORTED && !walk.problems.some((p) => p.path === path)) walk.problems.push({ path, message });
}

const noNul = 'must not contain a NUL character (\\u0000)';
const tooDeep = (max: number) => `nests deeper than ${max} levels of objects and lists`;

function walkLiteral(walk: Walk, node: ValueNode, path: string, depth: number): void {
  switch (node.kind) {
    case Kind.STRING:
      if (node.value.includes('\u0000')) problem(walk, path, noNul);
      return;
    case Kind.VARIABLE:
      if (!walk.usages.has(node.name.value)) walk.usages.set(node.name.value, { path, depth });
      return;
    case Kind.LIST:
    case Kind.OBJECT:
      if (depth + 1 > walk.maxDepth) return problem(walk, path, tooDeep(walk.maxDepth));
      if (node.kind === Kind.LIST) node.values.forEach((v, i) => walkLiteral(walk, v, join(path, i), depth + 1));
      else node.fields.forEach((f) => walkLiteral(walk, f.value, join(path, f.name.value), depth + 1));
      return;
    default:
      return;
  }
}

function walkValue(walk: Walk, value: unknown, path: string, depth: number): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) problem(walk, path, noNul);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  // Stops at the limit, so the walk itself never goes deeper than MAX_INPUT_DEPTH.
  if (depth + 1 > walk.maxDepth) return problem(walk, path, tooDeep(walk.maxDepth));
  if (Array.isArray(value)) value.forEach((v, i) => walkValue(walk, v, join(path, i), depth + 1));
  else for (const [key, v] of Object.entries(value)) walkValue(walk, v, join(path, key), depth + 1);
}

/**
 * BAD_USER_INPUT naming each offending field when a string of the operation (an argument written
 * in the document, a variable's value or default) holds a NUL, or a value nests too deep.
 * Arguments are walked in the whole document, fragments included.
 */
export function assertCleanInput(
  maxDepth: number,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): void {
  const walk: Walk = { maxDepth, problems: [], usages: new Map() };
  const visitArgs = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visitArgs);
    const n = node as { kind?: string; arguments?: readonly { name: { value: string }; value: ValueNode }[] };
    for (const arg of n.arguments ?? []) walkLiteral(walk, arg.value, arg.name.value, 0);
    for (const key of ['selectionSet', 'selections', 'directives', 'definitions'] as const) {
      visitArgs((node as Record<string, unknown>)[key]);
    }
  };
  visitArgs(document);
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const at = walk.usages.get(name) ?? { path: `$${name}`, depth: 0 };
    if (def.defaultValue) walkLiteral(walk, def.defaultValue, at.path, at.depth);
    if (variables && name in variables) walkValue(walk, variables[name], at.path, at.depth);
  }
  if (walk.problems.length) {
    throw new AppError('BAD_USER_INPUT', walk.problems.map((p) => `${p.path}: ${p.message}`).join('; '), {
      fields: walk.problems,
      httpStatus: 400,
    });
  }
}
