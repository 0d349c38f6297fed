// Per-request loaders of the tasks module: tasks by id (TaskComment.task) and each task's comments.
import type { Scoped } from '../../graphql/loader-kit.js';
import { batchLoaders } from '../shared-loaders.js';
import { taskCommentListByTaskIds, taskListByIds } from './selectors/tasks.js';

export function taskLoaders(need: Scoped) {
  const { rowById, listBy } = batchLoaders(need);
  return {
    taskById: rowById(taskListByIds),
    taskCommentsByTaskId: listBy(taskCommentListByTaskIds),
  };
}
