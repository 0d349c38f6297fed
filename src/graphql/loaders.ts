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

export type Loaders = ReturnType<typeof orgLoaders> &
  ReturnType<typeof userLoaders> &
  ReturnType<typeof clientLoaders> &
  ReturnType<typeof visaLoaders> &
  ReturnType<typeof agentLoaders> &
  ReturnType<typeof educationLoaders> &
  ReturnType<typeof taskLoaders> &
  ReturnType<typeof reminderLoaders> &
  ReturnType<typeof calendarLoaders> &
  ReturnType<typeof notificationLoaders> &
  ReturnType<typeof eventLoaders>;

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

/**
 * The request's loaders, built lazily a module at a time: a request that reads branches and users
 * builds those two modules' loaders, not all ~36. The getters live on the prototype (defined once
 * per process), so a request allocates one object, its scope and the modules it touches.
 */
class LazyLoaders {
  readonly built: (Record<string, unknown> | undefined)[] = [];
  constructor(readonly need: Scoped) {}
}

let defined = false;

/** Puts a getter per loader name on the prototype; a name two modules define is refused. */
function defineLoaderGetters(probe: Scoped): void {
  const owner = new Map<string, number>();
  MODULES.forEach((make, i) => {
    // Building a module's loaders runs no batch, so the probe scope is never called.
    for (const name of Object.keys(make(probe))) {
      if (owner.has(name)) throw new Error(`Loader "${name}" is defined by two modules (${owner.get(name)} and ${i})`);
      owner.set(name, i);
      Object.defineProperty(LazyLoaders.prototype, name, {
        get(this: LazyLoaders) {
          return (this.built[i] ??= make(this.need) as Record<string, unknown>)[name];
        },
      });
    }
  });
  defined = true;
}

export function createLoaders(db: TenantDb | null, viewer: TenantViewer | null): Loaders {
  const need: Scoped = () => {
    if (!db || !viewer) throw forbidden('This field needs a signed-in tenant user');
    return { db, viewer };
  };
  if (!defined) defineLoaderGetters(need);
  return new LazyLoaders(need) as unknown as Loaders;
}
