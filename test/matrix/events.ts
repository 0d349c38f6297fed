// Permission matrix rows of the events module: the outbox for tenant SUPER_ADMINs, the pause
// switch and the per-tenant counts for platform admins only.
import { gql } from '../kit/server.js';
import { call, m, noTarget, rows, seq, table, write, type Op } from '../kit/matrix.js';

const PLATFORM_ONLY = table('FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN');

export const ops: Op[] = [
  rows.query(
    'events',
    '{ events(first: 5) { totalCount nodes { id eventType status } } }',
    table('OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  ),
  // A random id: the owner passes shield and gets NOT_FOUND; everyone else is stopped before.
  rows.mutation(
    'retryEvent',
    'mutation { retryEvent(id: "00000000-0000-4000-8000-000000000000") { id } }',
    noTarget('a random id'),
    table('NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  ),
  rows.query('eventProcessing (platform only)', '{ eventProcessing { isPaused } }', PLATFORM_ONLY),
  rows.query('eventProcessingStatus (platform only)', '{ eventProcessingStatus { pending } }', PLATFORM_ONLY),
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
  rows.mutation(
    'resumeEventProcessing (platform only)',
    'mutation { resumeEventProcessing { isPaused } }',
    noTarget('the switch is global and other files flip it on PostgreSQL; pauseEventProcessing is re-read'),
    PLATFORM_ONLY,
  ),
];
