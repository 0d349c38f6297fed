// What a query selects below a field, read from the resolver's info: lets a list resolver read only
// the columns the query needs, and join to-one relations into its page only when they are selected.
import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

function collect(
  set: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  into: Map<string, FieldNode[]>,
): void {
  for (const sel of set?.selections ?? []) {
    if (sel.kind === 'Field') {
      const list = into.get(sel.name.value);
      if (list) list.push(sel);
      else into.set(sel.name.value, [sel]);
    } else if (sel.kind === 'InlineFragment') collect(sel.selectionSet, fragments, into);
    else collect(fragments[sel.name.value]?.selectionSet, fragments, into);
  }
}

function fieldsBelow(nodes: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>): Map<string, FieldNode[]> {
  const into = new Map<string, FieldNode[]>();
  for (const n of nodes) collect(n.selectionSet, fragments, into);
  return into;
}

/** The fields selected at one level of a query, by name (aliases and fragments merged). */
export interface Selection {
  /** The field names selected here. */
  readonly names: ReadonlySet<string>;
  /** What is selected below the field `name` (empty when it is not selected). */
  below(name: string): Selection;
}

function selectionOf(fields: Map<string, FieldNode[]>, fragments: Record<string, FragmentDefinitionNode>): Selection {
  return {
    names: new Set(fields.keys()),
    below: (name) => selectionOf(fieldsBelow(fields.get(name) ?? [], fragments), fragments),
  };
}

/**
 * What is selected on a connection's node type, through `nodes { … }` and `edges { node { … } }`,
 * fragments included. A field under @include/@skip counts as selected: at worst the page statement
 * reads a column or joins a relation nobody reads.
 */
export function connectionNodeSelection(info: GraphQLResolveInfo): Selection {
  const top = fieldsBelow(info.fieldNodes, info.fragments);
  const edges = fieldsBelow(top.get('edges') ?? [], info.fragments);
  const nodes = [...(top.get('nodes') ?? []), ...(edges.get('node') ?? [])];
  return selectionOf(fieldsBelow(nodes, info.fragments), info.fragments);
}
