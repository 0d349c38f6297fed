// Shield rules of the visas module's root fields (merged into src/access/permissions.ts).
import { may, type ModuleRules } from '../../access/rules.js';

export const visaRules: ModuleRules = {
  Query: {
    visaCategories: may('catalogue:read'),
    visaCategory: may('catalogue:read'),
    visaTypes: may('catalogue:read'),
    visaType: may('catalogue:read'),
    visaApplications: may('visaApplication:read'),
    visaApplication: may('visaApplication:read'),
    visaApplicationStatusCounts: may('dashboard:read'),
    visaDashboard: may('dashboard:read'),
  },
  Mutation: {
    createVisaCategory: may('visaCatalogue:write'),
    updateVisaCategory: may('visaCatalogue:write'),
    deleteVisaCategory: may('visaCatalogue:write'),
    createVisaType: may('visaCatalogue:write'),
    updateVisaType: may('visaCatalogue:write'),
    deleteVisaType: may('visaCatalogue:write'),
    createVisaApplication: may('visaApplication:create'),
    updateVisaApplication: may('visaApplication:update'),
    deleteVisaApplication: may('visaApplication:delete'),
    restoreVisaApplication: may('visaApplication:delete'),
  },
};
