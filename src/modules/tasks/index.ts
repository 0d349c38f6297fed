// The tasks module: tasks, their comments and mentions.
// What the server takes from it: src/modules/index.ts lists the modules.
// What other modules and the rest of src/ use of this module (they import nothing else of it).
export { assertBranchInScope, linkResolve } from './selectors/links.js';
export { taskListByIds, taskVisibility } from './selectors/tasks.js';
export { linkedEntityType, linkPair } from './validation.js';
import { defineModule } from '../module.js';
import { taskLoaders } from './loaders.js';
import { taskResolvers } from './resolvers.js';
import { taskRules } from './rules.js';

export type * from './models.js';

export const tasksModule = defineModule({
  name: 'tasks',
  typeDefs: ['tasks.graphql'],
  resolvers: [taskResolvers],
  rules: taskRules,
  loaders: taskLoaders,
});
