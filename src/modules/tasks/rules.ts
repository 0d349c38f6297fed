// Shield rules of the tasks module's root fields (merged into src/access/permissions.ts).
import { may, type ModuleRules } from '../../access/rules.js';

export const taskRules: ModuleRules = {
  Query: {
    tasks: may('task:read'),
    task: may('task:read'),
  },
  Mutation: {
    createTask: may('task:create'),
    updateTask: may('task:update'),
    deleteTask: may('task:delete'),
    completeTask: may('task:update'),
    cancelTask: may('task:update'),
    claimTask: may('task:update'),
    addTaskComment: may('task:update'),
  },
};
