// What every module offers the server, in one object: its SDL files, resolvers, shield rules and
// request loaders. src/modules/index.ts lists the modules; schema assembly, shield and the loaders
// are all built from that one list, so adding a module is its folder and one line there.
import type { ModuleRules } from '../access/rules.js';
import type { Scoped } from '../graphql/loader-kit.js';
import type { Resolvers } from '../graphql/generated/resolvers-types.generated.js';

export interface ModuleManifest {
  /** The module's folder under src/modules/ (a test holds the list and the folders equal). */
  readonly name: string;
  /** Its SDL files under schema/ (the source of truth), each owned by exactly one module. */
  readonly typeDefs: readonly string[];
  /** Merged in list order; a later module's field would override an earlier one's, so none repeat. */
  readonly resolvers: readonly Resolvers[];
  /** A rule for each root field the module's SDL adds: anything not ruled is denied. */
  readonly rules: ModuleRules;
  /** The module's per-request DataLoaders, built only when a request first reads one of them. */
  readonly loaders?: (need: Scoped) => Record<string, unknown>;
}

/** Keeps each manifest's own types (the loaders' names and value types reach `ctx.loaders`). */
export function defineModule<const M extends ModuleManifest>(manifest: M): M {
  return manifest;
}
