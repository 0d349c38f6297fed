// Shield rules of the clients module's root fields (merged into src/access/permissions.ts).
import { may, type ModuleRules } from '../../access/rules.js';

export const clientRules: ModuleRules = {
  Query: {
    clients: may('client:read'),
    client: may('client:read'),
    clientStageCounts: may('dashboard:read'),
  },
  Mutation: {
    createClient: may('client:create'),
    updateClient: may('client:update'),
    assignClient: may('client:assign'),
    changeClientStage: may('client:update'),
    deleteClient: may('client:delete'),
    restoreClient: may('client:delete'),
  },
};
