// Per-request loaders of the tasks module: tasks by id (TaskComment.task) and each task's comments.
import { byId, byKey, type Scoped } from '../../graphql/loader-kit.js';
import type { TaskCommentModel } from './models.js';
import { taskCommentListByTaskIds, taskListByIds } from './selectors.js';

export function taskLoaders(need: Scoped) {
  return {
    taskById: byId((ids) => taskListByIds({ ...need(), ids })),
    taskCommentsByTaskId: byKey<TaskCommentModel[]>(
      (ids) => taskCommentListByTaskIds({ ...need(), ids }),
      () => [],
    ),
  };
}
