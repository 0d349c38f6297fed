// Tasks at the service level: who may claim a pool task, who may complete it, and which status
// changes are refused.
import { describe, expect, it } from 'vitest';
import type { TenantViewer } from '../../src/auth/viewer.js';
import { taskGetById } from '../../src/modules/tasks/selectors/tasks.js';
import { taskCancel, taskClaim, taskComplete, taskCreate, taskUpdate } from '../../src/modules/tasks/services.js';
import { refused, useServiceOrg } from '../kit/service-kit.js';

const org = useServiceOrg();
const { fx } = org;
const dueDate = new Date(Date.now() + 86_400_000);

/** A task made by `by` (the owner unless given): in `branch`'s pool, or assigned to a fixture user. */
async function task(place: { pool?: string; assignee?: string }, by?: TenantViewer) {
  const input = {
    title: 'Call the client back',
    dueDate,
    ...(place.pool ? { branchId: fx.branches[place.pool as keyof typeof fx.branches] } : {}),
    ...(place.assignee ? { assignedToId: fx.users[place.assignee]!.id } : {}),
  };
  return taskCreate({ db: org.db, viewer: by ?? (await org.viewer('SUPER_ADMIN')), input });
}

describe('claiming a pool task', () => {
  it('a consultant of the branch takes it: it leaves the pool, and the next claim finds it taken', async () => {
    const { id } = await task({ pool: 'B11' });
    const viewer = await org.viewer('CONSULTANT@B11');
    const claimed = await taskClaim({ db: org.db, viewer, id });
    expect(claimed).toMatchObject({ assignedToId: viewer.id, branchId: null });
    await refused(taskClaim({ db: org.db, viewer, id }), 'CONFLICT');
    // For the branch's other users it is no longer in the pool they see.
    await refused(taskGetById({ db: org.db, viewer: await org.viewer('CONSULTANT@B12'), id }), 'NOT_FOUND');
  });

  it("a consultant does not even see another branch's pool", async () => {
    const { id } = await task({ pool: 'B12' });
    await refused(taskClaim({ db: org.db, viewer: await org.viewer('CONSULTANT@B11'), id }), 'NOT_FOUND');
  });

  it('a consultant may not claim from a pool outside its branches even a task it created', async () => {
    const consultant = await org.viewer('CONSULTANT@B21');
    const { id } = await task({ pool: 'B21' }, consultant);
    await taskUpdate({ db: org.db, viewer: await org.viewer('SUPER_ADMIN'), id, input: { branchId: fx.branches.B22 } });
    await refused(taskClaim({ db: org.db, viewer: consultant, id }), 'FORBIDDEN');
  });

  it('a region manager claims from the pool of a branch of its region, though it belongs to no branch', async () => {
    const { id } = await task({ pool: 'B22' });
    const manager = await org.viewer('REGION_MANAGER@B21');
    expect(manager.branchIds).toEqual([]);
    expect((await taskClaim({ db: org.db, viewer: manager, id })).assignedToId).toBe(manager.id);
  });

  it('a task assigned to someone is no pool task: claiming it is a CONFLICT', async () => {
    const { id } = await task({ assignee: 'CONSULTANT@B11' });
    await refused(taskClaim({ db: org.db, viewer: await org.viewer('SUPER_ADMIN'), id }), 'CONFLICT');
  });
});

describe('completing and cancelling', () => {
  it('a consultant who sees a pool task but has no part in it may not complete it', async () => {
    const { id } = await task({ pool: 'B12' });
    await refused(taskComplete({ db: org.db, viewer: await org.viewer('CONSULTANT@B12'), id }), 'FORBIDDEN');
  });

  it('the assignee completes its task; completing it again changes nothing', async () => {
    const { id } = await task({ assignee: 'CONSULTANT@B11' });
    const viewer = await org.viewer('CONSULTANT@B11');
    const done = await taskComplete({ db: org.db, viewer, id });
    expect(done.status).toBe('COMPLETED');
    expect(done.completedAt).toBeInstanceOf(Date);
    expect(await taskComplete({ db: org.db, viewer, id })).toMatchObject({ status: 'COMPLETED', completedAt: done.completedAt });
  });

  it('a completed task cannot be cancelled', async () => {
    const { id } = await task({ assignee: 'CONSULTANT@B12' });
    const viewer = await org.viewer('CONSULTANT@B12');
    await taskComplete({ db: org.db, viewer, id });
    await refused(taskCancel({ db: org.db, viewer, id }), 'CONFLICT');
    expect((await taskGetById({ db: org.db, viewer, id })).status).toBe('COMPLETED');
  });

  it('a branch admin cancels a task of its branch it has no part in; cancelling again changes nothing', async () => {
    const { id } = await task({ pool: 'B21' });
    const admin = await org.viewer('BRANCH_ADMIN@B21');
    const cancelled = await taskCancel({ db: org.db, viewer: admin, id });
    expect(cancelled).toMatchObject({ status: 'CANCELLED', completedAt: null });
    expect((await taskCancel({ db: org.db, viewer: admin, id })).updatedAt).toEqual(cancelled.updatedAt);
  });
});

describe('a new task', () => {
  it('goes to a user or to a pool, not both', async () => {
    const input = { title: 'Both', dueDate, assignedToId: fx.users['CONSULTANT@B11']!.id, branchId: fx.branches.B11 };
    await refused(taskCreate({ db: org.db, viewer: await org.viewer('SUPER_ADMIN'), input }), 'BAD_USER_INPUT', 'input.branchId');
  });

  it("a consultant may not put it in another branch's pool", async () => {
    const input = { title: 'Elsewhere', dueDate, branchId: fx.branches.B22 };
    await refused(taskCreate({ db: org.db, viewer: await org.viewer('CONSULTANT@B11'), input }), 'FORBIDDEN');
  });
});
