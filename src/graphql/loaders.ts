// DataLoaders, built per request and bound to the request's tenant handle and viewer, so batching
// never mixes tenants or viewers, and every batch applies the viewer's scope in SQL. Each module
// contributes its loaders (src/modules/<m>/loaders.ts); this file only assembles them.
import type { TenantViewer } from '../auth/viewer.js';
import type { TenantDb } from '../db/tenant-db.js';
import { forbidden } from '../errors.js';
import { agentLoaders } from '../modules/agents/loaders.js';
import { calendarLoaders } from '../modules/calendar/loaders.js';
import { clientLoaders } from '../modules/clients/loaders.js';
import { educationLoaders } from '../modules/education/loaders.js';
import { orgLoaders } from '../modules/org/loaders.js';
import { reminderLoaders } from '../modules/reminders/loaders.js';
import { taskLoaders } from '../modules/tasks/loaders.js';
import { userLoaders } from '../modules/users/loaders.js';
import { visaLoaders } from '../modules/visas/loaders.js';
import { notificationLoaders } from '../modules/notifications/loaders.js';
import { eventLoaders } from '../modules/events/loaders.js';
import type { Scoped } from './loader-kit.js';

export { loadPresent } from './loader-kit.js';

const MODULES = [
  orgLoaders,
  userLoaders,
  clientLoaders,
  visaLoaders,
  agentLoaders,
  educationLoaders,
  taskLoaders,
  reminderLoaders,
  calendarLoaders,
  notificationLoaders,
  eventLoaders,
] as const;

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every module's loaders, by name: what `ctx.loaders` offers. */
export type Loaders = Intersection<ReturnType<(typeof MODULES)[number]>>;

/**
 * The request's loaders, built lazily a module at a time: a request that reads branches and users
 * builds those two modules' loaders, not all ~36. The getters live on the prototype, defined once
 * when this file loads, so a request allocates one object, its scope and the modules it touches.
 * Its own state is private (#), so no loader name can shadow it.
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

  static {
    const owner = new Map<string, number>();
    const probe: Scoped = () => {
      throw new Error('unreachable: building loaders runs no batch');
    };
    MODULES.forEach((make, i) => {
      for (const name of Object.keys(make(probe))) {
        if (owner.has(name)) throw new Error(`Loader "${name}" is defined by two modules (${owner.get(name)} and ${i})`);
        owner.set(name, i);
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
  return new LazyLoaders(() => {
    if (!db || !viewer) throw forbidden('This field needs a signed-in tenant user');
    return { db, viewer };
  }) as unknown as Loaders;
}
