// The platform module: tenants and their provisioning, platform administrators, the platform audit log.
// What the server takes from it: src/modules/index.ts lists the modules.
// What other modules and the rest of src/ use of this module (they import nothing else of it).
export { tenantCreate, tenantDrop, tenantSetActive } from './services/tenants.js';
export { tenantExport, tenantImport, type TransferProgress } from './services/tenant-transfer.js';
import { defineModule } from '../module.js';
import { platformResolvers } from './resolvers.js';
import { platformRules } from './rules.js';

export type * from './models.js';

export const platformModule = defineModule({
  name: 'platform',
  typeDefs: ['platform.graphql'],
  resolvers: [platformResolvers],
  rules: platformRules,
});
