// Tenant sessions that passed their check, kept per process so a request needs no round trip to
// authenticate. Every change that can end or narrow a session (logout, revocation, deactivation,
// role, scope or permission-set change, a branch deleted) calls `authChanged` inside its write's
// transaction: the entry goes at once on this process (after commit) and, through NOTIFY (sent on
// commit), on every other within a round trip. A lost listener connection empties the cache, and
// an entry lives at most `maxAgeMs`, so a missed message cannot keep a session alive for long.
import { sql } from 'drizzle-orm';
import type { Action } from '../access/actions.js';
import type { Database } from '../db/database.js';
import type { TenantRole } from '../db/tables/tenant.js';
import { afterCommit, type Executor, type TenantDb } from '../db/tenant-db.js';

/** What a live tenant session grants its user: the same in the cache and on the request's viewer. */
export interface SessionGrant {
  readonly email: string;
  readonly role: TenantRole;
  /** The user's live branches and its regions: the raw material of its data scope. */
  readonly branchIds: readonly string[];
  readonly regionIds: readonly string[];
  /** The role's effective actions in this tenant (defaults plus the tenant's changes). */
  readonly actions: ReadonlySet<Action>;
}

export interface CachedSession extends SessionGrant {
  readonly userId: string;
  readonly expiresAtMs: number;
  readonly cachedAtMs: number;
}

/** What changed in one tenant schema: one session, every session of one user, or the whole tenant. */
export type AuthChange = { readonly schema: string; readonly sessionId?: string; readonly userId?: string };

export const AUTH_CHANNEL = 'leopard_auth';
const MAX_ENTRIES = 50_000;

export class SessionCache {
  private readonly entries = new Map<string, CachedSession>();
  /** Bumped by every invalidation: a read that started before one must not be cached after it. */
  private generation = 0;
  private listening: Promise<void> | undefined;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly database: Database,
    readonly maxAgeMs: number,
  ) {}

  /** Starts hearing other processes' changes; until then nothing is cached. */
  start(): Promise<void> {
    this.listening ??= this.database
      .listen(
        AUTH_CHANNEL,
        (payload) => this.invalidate(parseChange(payload)),
        () => this.clear(),
      )
      .then((unlisten) => {
        this.unlisten = unlisten;
      });
    return this.listening;
  }

  async stop(): Promise<void> {
    await this.listening?.catch(() => undefined);
    await this.unlisten?.();
    this.clear();
  }

  get enabled(): boolean {
    return this.maxAgeMs > 0 && this.unlisten !== undefined;
  }

  /** The generation to hand back to `set`, taken before the session is read. */
  mark(): number {
    return this.generation;
  }

  get(schema: string, sessionId: string, now: number): CachedSession | undefined {
    const key = `${schema}\u0000${sessionId}`;
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (now - hit.cachedAtMs > this.maxAgeMs || hit.expiresAtMs <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return hit;
  }

  set(schema: string, sessionId: string, entry: CachedSession, generation: number): void {
    if (!this.enabled || generation !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(`${schema}\u0000${sessionId}`, entry);
  }

  invalidate(change: AuthChange | null): void {
    // Stryker disable next-line UpdateOperator: any change of the generation refuses the reads in flight
    this.generation++;
    if (!change) return this.clear();
    const prefix = `${change.schema}\u0000`;
    if (change.sessionId && !change.userId) {
      this.entries.delete(prefix + change.sessionId);
      return;
    }
    for (const [key, entry] of this.entries) {
      if (key.startsWith(prefix) && (!change.userId || entry.userId === change.userId)) this.entries.delete(key);
    }
  }

  clear(): void {
    // Stryker disable next-line UpdateOperator: as above
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

function parseChange(payload: string): AuthChange | null {
  try {
    const v = JSON.parse(payload) as Record<string, unknown>;
    if (typeof v.schema !== 'string') return null;
    return {
      schema: v.schema,
      ...(typeof v.sessionId === 'string' ? { sessionId: v.sessionId } : {}),
      ...(typeof v.userId === 'string' ? { userId: v.userId } : {}),
    };
  } catch {
    // Unreadable: forget everything rather than keep what it may have named.
    return null;
  }
}

const caches = new WeakMap<Database, SessionCache>();

/** The process's cache for one database (one per Database handle). */
export function sessionCache(database: Database, maxAgeMs = 30_000): SessionCache {
  let cache = caches.get(database);
  if (!cache) caches.set(database, (cache = new SessionCache(database, maxAgeMs)));
  return cache;
}

/**
 * Records that sessions of `change` must be checked again: NOTIFY inside the write's transaction
 * (PostgreSQL delivers it on commit, and drops it on rollback), and on this process right after
 * commit, or at once when `ex` is not a transaction (the statement before this already committed).
 */
export async function authChanged(database: Database, ex: Executor, change: AuthChange): Promise<void> {
  await ex.execute(sql`select pg_notify(${AUTH_CHANNEL}, ${JSON.stringify(change)})`);
  const cache = caches.get(database);
  if (!cache) return;
  if (!afterCommit(ex, () => cache.invalidate(change))) cache.invalidate(change);
}

/** What the session functions call when they revoke (src/auth/sessions.ts). */
export type RevocationHook = (ex: Executor, change: { sessionId?: string; userId?: string }) => Promise<void>;

/** Sessions of one tenant changed: `authChanged` for the handle's schema (no ids: every session). */
export function tenantSessionsChanged(db: TenantDb): RevocationHook {
  return (ex, change) => authChanged(db.database, ex, { schema: db.schemaName, ...change });
}
