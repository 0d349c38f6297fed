// Every module the server is built from, in the order their resolvers merge. Schema assembly
// (src/graphql/schema.ts, type-defs.ts), shield (src/access/permissions.ts) and the request loaders
// (src/graphql/loaders.ts) all read this list; test/unit/modules.test.ts holds it equal to the folders.
import { authModule } from './auth/index.js';
import { platformModule } from './platform/index.js';
import { orgModule } from './org/index.js';
import { usersModule } from './users/index.js';
import { clientsModule } from './clients/index.js';
import { visasModule } from './visas/index.js';
import { agentsModule } from './agents/index.js';
import { educationModule } from './education/index.js';
import { tasksModule } from './tasks/index.js';
import { remindersModule } from './reminders/index.js';
import { calendarModule } from './calendar/index.js';
import { notificationsModule } from './notifications/index.js';
import { eventsModule } from './events/index.js';
import { searchModule } from './search/index.js';
import { settingsModule } from './settings/index.js';

export const MODULES = [
  authModule,
  platformModule,
  orgModule,
  usersModule,
  clientsModule,
  visasModule,
  agentsModule,
  educationModule,
  tasksModule,
  remindersModule,
  calendarModule,
  notificationsModule,
  eventsModule,
  searchModule,
  settingsModule,
] as const;
