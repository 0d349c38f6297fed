// Permission matrix rows of the events module: the outbox for tenant SUPER_ADMINs, the pause
// switch and the per-tenant counts for platform admins only.
import { call, outcome, table, type Op } from '../kit/matrix.js';

const PLATFORM_ONLY = table('FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN');

export const ops: Op[] = [
  {
    name: 'events',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ events(first: 5) { totalCount nodes { id eventType status } } }')),
    expect: table('OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  },
  {
    // A random id: the owner passes shield and gets NOT_FOUND; everyone else is stopped before.
    name: 'retryEvent',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, 'mutation { retryEvent(id: "00000000-0000-4000-8000-000000000000") { id } }')),
    expect: table('NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  },
  {
    name: 'eventProcessing (platform only)',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ eventProcessing { isPaused } }')),
    expect: PLATFORM_ONLY,
  },
  {
    name: 'eventProcessingStatus (platform only)',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ eventProcessingStatus { pending } }')),
    expect: PLATFORM_ONLY,
  },
  {
    name: 'pauseEventProcessing (platform only)',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, 'mutation { pauseEventProcessing(reason: "x") { isPaused } }')),
    expect: PLATFORM_ONLY,
  },
  {
    name: 'resumeEventProcessing (platform only)',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, 'mutation { resumeEventProcessing { isPaused } }')),
    expect: PLATFORM_ONLY,
  },
];
