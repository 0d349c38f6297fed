// What a query selects below a field, read from the resolver's info: lets a list resolver join
// to-one relations into its page statement only when the client asks for them.
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

/**
 * The field names selected on a connection's node type, through `nodes { … }` and
 * `edges { node { … } }`, fragments included. A field under @include/@skip counts as selected:
 * at worst the page statement joins a relation nobody reads.
 */
export function connectionNodeFields(info: GraphQLResolveInfo): Set<string> {
  const top = fieldsBelow(info.fieldNodes, info.fragments);
  const names = new Set<string>();
  for (const name of fieldsBelow(top.get('nodes') ?? [], info.fragments).keys()) names.add(name);
  const edges = fieldsBelow(top.get('edges') ?? [], info.fragments);
  for (const name of fieldsBelow(edges.get('node') ?? [], info.fragments).keys()) names.add(name);
  return names;
}
