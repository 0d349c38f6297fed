// DataLoaders, built per request and bound to the request's tenant handle and viewer, so batching
// never mixes tenants or viewers, and every batch applies the viewer's scope in SQL. Each module
// brings its loaders in its manifest (src/modules/<m>/index.ts); this file only assembles them.
import type { TenantViewer } from '../auth/viewer.js';
import type { TenantDb } from '../db/tenant-db.js';
import { forbidden } from '../errors.js';
import { MODULES as ALL_MODULES } from '../modules/index.js';
import type { Scoped } from './loader-kit.js';

export { loadPresent } from './loader-kit.js';

type WithLoaders = Extract<(typeof ALL_MODULES)[number], { loaders: unknown }>;

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every module's loaders, by name: what `ctx.loaders` offers. */
export type Loaders = Intersection<ReturnType<WithLoaders['loaders']>>;

/**
 * The request's loaders, built lazily a module at a time: a request that reads branches and users
 * builds those two modules' loaders, not all ~36. The getters live on the prototype, defined once
 * (by the first request: modules import this file, so the module list may not be complete while
 * it loads), so a request allocates one object, its scope and the modules it touches. Its own
 * state is private (#), so no loader name can shadow it.
 */
class LazyLoaders {
  readonly #built: (Record<string, unknown> | undefined)[] = [];
  readonly #need: Scoped;

  constructor(need: Scoped) {
    this.#need = need;
  }

  /** How many modules' loaders this request has built (tests). */
  static modulesBuilt(loaders: Loaders): number {
    return (loaders as unknown as LazyLoaders).#built.filter(Boolean).length;
  }

  static #defined = false;

  /** Puts a getter per loader name on the prototype, once. */
  static define(): void {
    if (LazyLoaders.#defined) return;
    LazyLoaders.#defined = true;
    const owner = new Map<string, string>();
    const probe: Scoped = () => {
      throw new Error('unreachable: building loaders runs no batch');
    };
    ALL_MODULES.forEach((m, i) => {
      if (!('loaders' in m)) return;
      const make = m.loaders;
      for (const name of Object.keys(make(probe))) {
        if (owner.has(name)) throw new Error(`Loader "${name}" is defined by two modules (${owner.get(name)} and ${m.name})`);
        owner.set(name, m.name);
        Object.defineProperty(LazyLoaders.prototype, name, {
          get(this: LazyLoaders) {
            return (this.#built[i] ??= make(this.#need) as Record<string, unknown>)[name];
          },
        });
      }
    });
  }
}

export const modulesBuilt = LazyLoaders.modulesBuilt;

export function createLoaders(db: TenantDb | null, viewer: TenantViewer | null): Loaders {
  LazyLoaders.define();
  return new LazyLoaders(() => {
    if (!db || !viewer) throw forbidden('This field needs a signed-in tenant user');
    return { db, viewer };
  }) as unknown as Loaders;
}
