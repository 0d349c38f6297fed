// Shield rules of the agents module's root fields (merged into src/access/permissions.ts).
import { may, type ModuleRules } from '../../access/rules.js';

export const agentRules: ModuleRules = {
  Query: {
    agents: may('catalogue:read'),
    agent: may('catalogue:read'),
  },
  Mutation: {
    createAgent: may('agent:write'),
    updateAgent: may('agent:write'),
    deleteAgent: may('agent:delete'),
    restoreAgent: may('agent:delete'),
  },
};
