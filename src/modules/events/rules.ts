// Shield rules of the events module's root fields (merged into src/access/permissions.ts).
import { isPlatformAdmin, may, type ModuleRules } from '../../access/rules.js';

export const eventRules: ModuleRules = {
  Query: {
    events: may('events:read'),
    eventProcessing: isPlatformAdmin,
    eventProcessingStatus: isPlatformAdmin,
  },
  Mutation: {
    retryEvent: may('events:retry'),
    pauseEventProcessing: isPlatformAdmin,
    resumeEventProcessing: isPlatformAdmin,
  },
};
