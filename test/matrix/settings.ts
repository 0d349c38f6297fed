// Permission matrix rows of the settings module: the tenant's settings are its SUPER_ADMIN's alone.
import { call, outcome, table, type Op } from '../kit/matrix.js';

const OWNER_ONLY = table('OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN');

export const ops: Op[] = [
  {
    name: 'tenantSettings',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ tenantSettings { visaExpiryWindowDays timeZone } }')),
    expect: OWNER_ONLY,
  },
  {
    // The default value: the owner's call succeeds without changing what other rows' sweeps see.
    name: 'updateTenantSettings',
    scopes: ['in'],
    run: async (a) =>
      outcome(await call(a, 'mutation { updateTenantSettings(input: { visaExpiryWindowDays: 90 }) { visaExpiryWindowDays } }')),
    expect: OWNER_ONLY,
  },
];
