// Shield rules of the search module: any signed-in tenant user; each kind of hit is then limited
// to the viewer's read permissions and scope in the selector.
import { isTenantUser, type ModuleRules } from '../../access/rules.js';

export const searchRules: ModuleRules = {
  Query: {
    search: isTenantUser,
  },
};
