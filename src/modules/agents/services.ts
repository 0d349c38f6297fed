// Writes of agents (BRANCH_ADMIN and above): create, update, soft delete and restore. The name is
// unique among live agents by a partial unique index; its violation is answered with CONFLICT.
import { and, eq, isNull, isNotNull } from 'drizzle-orm';
import { assertCan } from '../../access/can.js';
import type { TenantViewer } from '../../auth/viewer.js';
import { insertOne } from '../../db/rows.js';
import type { TenantDb } from '../../db/tenant-db.js';
import { conflict, uniqueViolation } from '../../errors.js';
import { parseInput } from '../shared-validation.js';
import type { AgentModel } from './models.js';
import { agentGetById } from './selectors.js';
import { createAgentInput, updateAgentInput } from './validation.js';

export interface AgentWriteArgs {
  db: TenantDb;
  viewer: TenantViewer;
}

function nameTaken(err: unknown, name: string | undefined, path?: string): never {
  if (uniqueViolation(err)) throw conflict(`A live agent named "${name}" exists`, path);
  throw err;
}

export async function agentCreate({ db, viewer, input }: AgentWriteArgs & { input: unknown }): Promise<AgentModel> {
  assertCan(viewer, 'agent:write');
  const values = parseInput(createAgentInput, input);
  try {
    const row = await insertOne(db.orm, db.t.agents, { ...values, createdById: viewer.id, updatedById: viewer.id });
    return row;
  } catch (err) {
    nameTaken(err, values.agentName, 'input.agentName');
  }
}

export async function agentUpdate({
  db,
  viewer,
  id,
  input,
}: AgentWriteArgs & { id: string; input: unknown }): Promise<AgentModel> {
  const agent = await agentGetById({ db, viewer, id, includeDeleted: false });
  assertCan(viewer, 'agent:write');
  const patch = parseInput(updateAgentInput, input);
  const a = db.t.agents;
  try {
    const [row] = await db.orm
      .update(a)
      .set({ ...patch, updatedById: viewer.id })
      .where(and(eq(a.id, agent.id), isNull(a.deletedAt)))
      .returning();
    return row ?? agentGetById({ db, viewer, id: agent.id, includeDeleted: false });
  } catch (err) {
    nameTaken(err, patch.agentName, 'input.agentName');
  }
}

/** Soft delete: the row stays (clients keep their link) and a restore brings it back. */
export async function agentDelete({ db, viewer, id }: AgentWriteArgs & { id: string }): Promise<AgentModel> {
  const agent = await agentGetById({ db, viewer, id, includeDeleted: false });
  assertCan(viewer, 'agent:delete');
  const a = db.t.agents;
  const [row] = await db.orm
    .update(a)
    .set({ deletedAt: new Date(), updatedById: viewer.id })
    .where(and(eq(a.id, agent.id), isNull(a.deletedAt)))
    .returning();
  return row ?? agentGetById({ db, viewer, id: agent.id, includeDeleted: true });
}

/** Restoring a live agent is a no-op; CONFLICT when a live agent has taken the name meanwhile. */
export async function agentRestore({ db, viewer, id }: AgentWriteArgs & { id: string }): Promise<AgentModel> {
  assertCan(viewer, 'agent:delete');
  const agent = await agentGetById({ db, viewer, id, includeDeleted: true });
  if (!agent.deletedAt) return agent;
  const a = db.t.agents;
  try {
    const [row] = await db.orm
      .update(a)
      .set({ deletedAt: null, updatedById: viewer.id })
      .where(and(eq(a.id, agent.id), isNotNull(a.deletedAt)))
      .returning();
    return row ?? agentGetById({ db, viewer, id: agent.id, includeDeleted: true });
  } catch (err) {
    nameTaken(err, agent.agentName);
  }
}
