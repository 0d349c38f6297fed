// A module's insides are its own: code outside src/modules/<m>/ imports the module only through
// src/modules/<m>/index.ts, which re-exports what others may use. The import path is resolved
// against the importing file, so nested folders and `../../` chains are judged alike.
import path from 'node:path';

const MODULES = `${path.sep}src${path.sep}modules${path.sep}`;

/** The module a file path is inside (`clients` for src/modules/clients/selectors.ts), or undefined. */
function moduleOf(file) {
  const at = file.lastIndexOf(MODULES);
  if (at < 0) return undefined;
  const rest = file.slice(at + MODULES.length).split(path.sep);
  return rest.length > 1 ? { name: rest[0], inside: rest.slice(1).join('/') } : undefined;
}

export const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Import another module only through its index.ts' },
    messages: {
      internal: "'{{source}}' reaches inside the {{module}} module: import it from its index.ts (re-export what you need there).",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const here = moduleOf(file);
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = moduleOf(path.resolve(path.dirname(file), source));
      if (!target || target.name === here?.name) return;
      if (target.inside === 'index.js' || target.inside === 'index.ts') return;
      context.report({ node: node.source, messageId: 'internal', data: { source, module: target.name } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};
