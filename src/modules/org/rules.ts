// Shield rules of regions and branches: the action each needs (row scope is applied in SQL).
import { may, type ModuleRules } from '../../access/rules.js';

export const orgRules: ModuleRules = {
  Query: {
    regions: may('region:read'),
    region: may('region:read'),
    branches: may('branch:read'),
    branch: may('branch:read'),
  },
  Mutation: {
    createRegion: may('region:create'),
    updateRegion: may('region:update'),
    deleteRegion: may('region:delete'),
    createBranch: may('branch:create'),
    updateBranch: may('branch:update'),
    deleteBranch: may('branch:delete'),
    restoreBranch: may('branch:delete'),
  },
};
