// Reads of agents: tenant-wide master data, live rows only unless the viewer may restore them.
import { and, eq, ilike, isNull, or } from 'drizzle-orm';
import { can } from '../../access/can.js';
import { containsPattern, type Connection, keysetList } from '../../db/paging.js';
import { rowsWhere, rowWhere } from '../../db/scoped-rows.js';
import { forbidden } from '../../errors.js';
import { parseInput, uuid } from '../shared-validation.js';
import type { FilteredPageArgs, IdsArgs, TenantArgs } from '../shared-args.js';
import type { AgentModel } from './models.js';
import { agentFilterInput } from './validation.js';

export type AgentReadArgs = TenantArgs;

export interface AgentListArgs extends AgentReadArgs, FilteredPageArgs {}

export async function agentList(args: AgentListArgs): Promise<Connection<AgentModel>> {
  const { db, viewer, filter } = args;
  const a = db.t.agents;
  const f = parseInput(agentFilterInput, filter ?? {}, 'filter');
  if (f.includeDeleted && !can(viewer, 'agent:delete')) throw forbidden('Only those who may delete agents see deleted ones');
  const pattern = f.search ? containsPattern(f.search) : null;
  const where = and(
    f.includeDeleted ? undefined : isNull(a.deletedAt),
    f.agentType ? eq(a.agentType, f.agentType) : undefined,
    f.country ? eq(a.country, f.country) : undefined,
    pattern
      ? or(ilike(a.agentName, pattern), ilike(a.companyName, pattern), ilike(a.email, pattern), ilike(a.phoneNumber, pattern))
      : undefined,
  );
  return keysetList({ orm: db.orm, table: a, where, order: [a.agentName, a.id], page: args });
}

export type AgentGetByIdArgs = AgentReadArgs & { id: string; includeDeleted?: boolean };

/** One agent; a deleted one only with `includeDeleted` (defaults to whether the viewer may restore it). */
export async function agentGetById({
  db,
  viewer,
  id,
  includeDeleted = can(viewer, 'agent:delete'),
}: AgentGetByIdArgs): Promise<AgentModel> {
  const agentId = parseInput(uuid, id, 'id');
  return rowWhere(db.orm, db.t.agents, agentId, includeDeleted ? undefined : isNull(db.t.agents.deletedAt), 'Agent');
}

export type AgentListByIdsArgs = AgentReadArgs & IdsArgs;

/** Live agents by id, for Client.agent (a deleted agent shows as none). */
export async function agentListByIds({ db, ids }: AgentListByIdsArgs): Promise<AgentModel[]> {
  return rowsWhere(db.orm, db.t.agents, ids, isNull(db.t.agents.deletedAt));
}
