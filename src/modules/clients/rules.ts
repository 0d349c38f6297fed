// Shield rules of the clients module's root fields (merged into src/access/permissions.ts).
import { isTenantUser, may, type ModuleRules } from '../../access/rules.js';

export const clientRules: ModuleRules = {
  Query: {
    clients: may('client:read'),
    client: may('client:read'),
    clientStageCounts: may('dashboard:read'),
    languageExams: may('catalogue:read'),
    clientNotes: may('client:read'),
    clientTimeline: may('client:read'),
  },
  Mutation: {
    createClient: may('client:create'),
    updateClient: may('client:update'),
    assignClient: may('client:assign'),
    changeClientStage: may('client:update'),
    deleteClient: may('client:delete'),
    restoreClient: may('client:delete'),
    setPassport: may('client:update'),
    deletePassport: may('client:update'),
    createLanguageExam: may('languageExam:write'),
    updateLanguageExam: may('languageExam:write'),
    deleteLanguageExam: may('languageExam:write'),
    addProficiency: may('client:update'),
    updateProficiency: may('client:update'),
    deleteProficiency: may('client:update'),
    addQualification: may('client:update'),
    updateQualification: may('client:update'),
    deleteQualification: may('client:update'),
    addEmployment: may('client:update'),
    updateEmployment: may('client:update'),
    deleteEmployment: may('client:update'),
    addNote: may('note:create'),
    updateNote: isTenantUser,
    deleteNote: isTenantUser,
    deleteClientProfilePicture: may('client:update'),
  },
};
