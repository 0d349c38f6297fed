// Permission matrix rows of the settings module: the tenant's settings are its SUPER_ADMIN's alone.
import { call, outcome, readAs, table, write, type Op } from '../kit/matrix.js';

const OWNER_ONLY = table('OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN');

export const ops: Op[] = [
  {
    name: 'tenantSettings',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ tenantSettings { visaExpiryWindowDays timeZone } }')),
    expect: OWNER_ONLY,
  },
  write({
    name: 'updateTenantSettings',
    scopes: ['in'],
    target: () => Promise.resolve(null),
    mutate: (a) => call(a, 'mutation { updateTenantSettings(input: { visaExpiryWindowDays: 90 }) { visaExpiryWindowDays } }'),
    readBack: () => readAs('{ tenantSettings { visaExpiryWindowDays timeZone } }')({}),
    okUnchanged: 'it writes the default, so that what other rows’ sweeps see does not change',
    expect: OWNER_ONLY,
  }),
];
