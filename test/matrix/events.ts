// Permission matrix rows of the events module: the outbox for tenant SUPER_ADMINs, the pause
// switch and the per-tenant counts for platform admins only.
import { gql } from '../kit/server.js';
import { call, m, noTarget, outcome, seq, table, write, type Op } from '../kit/matrix.js';

const PLATFORM_ONLY = table('FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN');

export const ops: Op[] = [
  {
    name: 'events',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ events(first: 5) { totalCount nodes { id eventType status } } }')),
    expect: table('OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  },
  write({
    // A random id: the owner passes shield and gets NOT_FOUND; everyone else is stopped before.
    name: 'retryEvent',
    scopes: ['in'],
    target: () => Promise.resolve(null),
    mutate: (a) => call(a, 'mutation { retryEvent(id: "00000000-0000-4000-8000-000000000000") { id } }'),
    readBack: noTarget('a random id'),
    expect: table('NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  }),
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
  write({
    name: 'pauseEventProcessing (platform only)',
    scopes: ['in'],
    target: () => Promise.resolve(`matrix ${seq()}`),
    mutate: (a, _s, reason) => call(a, 'mutation($r: String) { pauseEventProcessing(reason: $r) { isPaused } }', { r: reason }),
    // Whether the switch carries this case's reason: other files may flip it meanwhile on PostgreSQL.
    readBack: async (reason) => {
      const r = await gql(m.server, '{ eventProcessing { pauseReason } }', {}, { token: m.platformToken });
      return {
        ...r,
        data: { ours: (r.data as { eventProcessing?: { pauseReason?: string } })?.eventProcessing?.pauseReason === reason },
      };
    },
    expect: PLATFORM_ONLY,
  }),
  write({
    name: 'resumeEventProcessing (platform only)',
    scopes: ['in'],
    target: () => Promise.resolve(null),
    mutate: (a) => call(a, 'mutation { resumeEventProcessing { isPaused } }'),
    readBack: noTarget('the switch is global and other files flip it on PostgreSQL; pauseEventProcessing is re-read'),
    expect: PLATFORM_ONLY,
  }),
];
