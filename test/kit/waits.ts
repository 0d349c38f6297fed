// Waiting for what the background work does after a request commits (the processor, the sweeps),
// by reading until it shows, never by sleeping a fixed time; and changing a role's permissions for
// the length of one test.
import { must, type GqlResult } from './server.js';

type Call = (query: string, variables?: Record<string, unknown>) => Promise<GqlResult>;

/** Reads until `ok` holds and returns that value; throws with the last value after `ms`. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms; last value: ${JSON.stringify(v)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Polls `probe` until `done` holds, for at most `ms`; returns how long it took. */
export async function within(ms: number, probe: () => Promise<GqlResult>, done: (r: GqlResult) => boolean): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (done(await probe())) return Date.now() - start;
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the tenant's processor has handled every event so far (none PENDING or PROCESSING), as its SUPER_ADMIN. */
export async function eventsSettled(asOwner: Call, ms = 10_000): Promise<void> {
  const q = `{ pending: events(filter: { status: PENDING }) { totalCount }
    processing: events(filter: { status: PROCESSING }) { totalCount } }`;
  // The two counts are two statements: an event retried between them (PROCESSING, then PENDING
  // again) is in neither. Settled means two reads in a row with none, not one.
  let quiet = 0;
  await eventually(
    () => must(asOwner(q)),
    (r) => {
      quiet = r.pending.totalCount + r.processing.totalCount === 0 ? quiet + 1 : 0;
      return quiet >= 2;
    },
    ms,
  );
}

const ROLE_PERMISSIONS = '{ rolePermissions { role actions } }';
const SET_ROLE_PERMISSIONS = 'mutation($i: SetRolePermissionsInput!) { setRolePermissions(input: $i) { role } }';

/** Runs `body` while `role` lacks `action` in the owner's tenant, and gives the action back afterwards. */
export async function withoutAction<T>(asOwner: Call, role: string, action: string, body: () => Promise<T>): Promise<T> {
  const perms = (await must(asOwner(ROLE_PERMISSIONS))).rolePermissions as { role: string; actions: string[] }[];
  const all = perms.find((p) => p.role === role)!.actions;
  await must(asOwner(SET_ROLE_PERMISSIONS, { i: { role, actions: all.filter((a) => a !== action) } }));
  try {
    return await body();
  } finally {
    await must(asOwner(SET_ROLE_PERMISSIONS, { i: { role, actions: all } }));
  }
}
