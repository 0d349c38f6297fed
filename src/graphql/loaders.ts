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

export function createLoaders(db: TenantDb | null, viewer: TenantViewer | null): Loaders {
  const need: Scoped = () => {
    if (!db || !viewer) throw forbidden('This field needs a signed-in tenant user');
    return { db, viewer };
  };
  return {
    ...orgLoaders(need),
    ...userLoaders(need),
    ...clientLoaders(need),
    ...visaLoaders(need),
    ...agentLoaders(need),
    ...educationLoaders(need),
    ...taskLoaders(need),
    ...reminderLoaders(need),
    ...calendarLoaders(need),
    ...notificationLoaders(need),
    ...eventLoaders(need),
  };
}
