// Writes of agents (BRANCH_ADMIN and above): create, update, soft delete and restore. The name is
// unique among live agents by a partial unique index; its violation is answered with CONFLICT.
import { isNull } from 'drizzle-orm';
import { assertCan } from '../../access/can.js';
import { guardUnique, insertOne, restore, softDelete, updateById } from '../../db/rows.js';
import { parseInput } from '../shared-validation.js';
import type { TenantArgs } from '../shared-args.js';
import { created } from '../shared-writes.js';
import type { AgentModel } from './models.js';
import { agentGetById } from './selectors.js';
import { createAgentInput, updateAgentInput } from './validation.js';

export type AgentWriteArgs = TenantArgs;

/** The answer to the live-name unique index's violation. */
const nameTaken = (name: string | undefined, path?: string) => ({ message: `A live agent named "${name}" exists`, path });

export type AgentCreateArgs = AgentWriteArgs & { input: unknown };

export async function agentCreate({ db, viewer, input }: AgentCreateArgs): Promise<AgentModel> {
  assertCan(viewer, 'agent:write');
  const values = parseInput(createAgentInput, input);
  return guardUnique(
    () => insertOne(db.orm, db.t.agents, { ...values, ...created(viewer) }),
    nameTaken(values.agentName, 'input.agentName'),
  );
}

export type AgentUpdateArgs = AgentWriteArgs & { id: string; input: unknown };

export async function agentUpdate({ db, viewer, id, input }: AgentUpdateArgs): Promise<AgentModel> {
  const agent = await agentGetById({ db, viewer, id, includeDeleted: false });
  assertCan(viewer, 'agent:write');
  const patch = parseInput(updateAgentInput, input);
  const a = db.t.agents;
  const row = await guardUnique(
    () => updateById(db.orm, a, agent.id, { ...patch, updatedById: viewer.id }, isNull(a.deletedAt)),
    nameTaken(patch.agentName, 'input.agentName'),
  );
  return row ?? agentGetById({ db, viewer, id: agent.id, includeDeleted: false });
}

export type AgentDeleteArgs = AgentWriteArgs & { id: string };

/** Soft delete: the row stays (clients keep their link) and a restore brings it back. */
export async function agentDelete({ db, viewer, id }: AgentDeleteArgs): Promise<AgentModel> {
  const agent = await agentGetById({ db, viewer, id, includeDeleted: false });
  assertCan(viewer, 'agent:delete');
  const row = await softDelete(db.orm, db.t.agents, agent.id, { updatedById: viewer.id });
  return row ?? agentGetById({ db, viewer, id: agent.id, includeDeleted: true });
}

export type AgentRestoreArgs = AgentWriteArgs & { id: string };

/** Restoring a live agent is a no-op; CONFLICT when a live agent has taken the name meanwhile. */
export async function agentRestore({ db, viewer, id }: AgentRestoreArgs): Promise<AgentModel> {
  assertCan(viewer, 'agent:delete');
  const agent = await agentGetById({ db, viewer, id, includeDeleted: true });
  if (!agent.deletedAt) return agent;
  const row = await guardUnique(
    () => restore(db.orm, db.t.agents, agent.id, { updatedById: viewer.id }),
    nameTaken(agent.agentName),
  );
  return row ?? agentGetById({ db, viewer, id: agent.id, includeDeleted: true });
}
