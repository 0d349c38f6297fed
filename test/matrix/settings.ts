// Permission matrix rows of the settings module: the tenant's settings are its SUPER_ADMIN's alone.
import { readAs, rows, table, type Op } from '../kit/matrix.js';

const SETTINGS = '{ tenantSettings { visaExpiryWindowDays timeZone } }';
const OWNER_ONLY = table('OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN');

export const ops: Op[] = [
  rows.query('tenantSettings', SETTINGS, OWNER_ONLY),
  rows.mutation(
    'updateTenantSettings',
    'mutation { updateTenantSettings(input: { visaExpiryWindowDays: 90 }) { visaExpiryWindowDays } }',
    () => readAs(SETTINGS)({}),
    OWNER_ONLY,
    'it writes the default, so that what other rows’ sweeps see does not change',
  ),
];
