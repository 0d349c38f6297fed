// Expiry alerts and the due-soon window, on a clock the test sets (src/clock.ts): a visa or a
// passport expiring from today to today + the tenant's window alerts the client's assignee (or,
// without one, the branch's BRANCH_ADMINs) exactly once per expiry date, never someone who cannot
// see the client, never for a deleted application or outside the window; restarts and a second
// process add no duplicate; the tenant's taskDueSoonWindowDays decides which tasks are due soon.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../src/clock.js';
import { resultRows } from '../src/db/database.js';
import { loadConfig } from '../src/config.js';
import { startServer, type RunningServer } from '../src/server.js';
import { createOrgFixture, CREATE_USER, userInput, type OrgFixture } from './kit/org-fixture.js';
import { ownDatabase, type OwnDatabase } from './kit/own-database.js';
import { childEnv, createTenant, gql, loginPlatform, must, sharedKeyEnv, startTestServer } from './kit/server.js';
import { eventually as waitFor } from './kit/waits.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The day the sweeps think it is: noon UTC, so "today" is 2031-03-01 in UTC. */
const NOW = new Date('2031-03-01T12:00:00Z');
const TODAY = '2031-03-01';
const SWEEP_SECONDS = '0.2';
/** Full sweep passes so far, from the server's /metrics. */
async function sweepsOf(server: Server): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  const m = /^leopard_event_sweeps_total (\d+)/m.exec(text);
  if (!m) throw new Error('no leopard_event_sweeps_total in /metrics');
  return Number(m[1]);
}
/** Waits until two more full sweeps have run on `server`: the one under way may have started before the last write. */
async function settle(server: Server): Promise<void> {
  const from = await sweepsOf(server);
  await waitFor(
    () => sweepsOf(server),
    (n) => n >= from + 2,
    15_000,
  );
}

function day(offset: number): string {
  const d = new Date(`${TODAY}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

type Server = Pick<RunningServer, 'port'>;
type Auth = { tenant: string; token: string };
interface Alert {
  id: string;
  type: string;
  entityType: string | null;
  entityId: string | null;
  title: string;
  message: string;
  client: { id: string } | null;
  metaInfo: Record<string, unknown>;
}

const ALERT_TYPES = ['VISA_EXPIRING', 'PASSPORT_EXPIRING', 'TASK_DUE_SOON'];
async function alertsOf(server: Server, auth: Auth, types = ALERT_TYPES): Promise<Alert[]> {
  const r = await must(
    gql(
      server as RunningServer,
      `query($t: [NotificationType!]) { notifications(first: 100, types: $t) {
        nodes { id type entityType entityId title message client { id } metaInfo } } }`,
      { t: types },
      auth,
    ),
  );
  return r.notifications.nodes as Alert[];
}
const about = (alerts: Alert[], entityId: string, type?: string) =>
  alerts.filter((a) => a.entityId === entityId && (!type || a.type === type));

const eventually = <T>(read: () => Promise<T>, ok: (v: T) => boolean) => waitFor(read, ok, 15_000);

/** A small organisation: a branch, a visa type, and helpers that create records through the API. */
function agency(server: Server, auth: Auth) {
  const call = (q: string, variables: Record<string, unknown> = {}, as: Auth = auth) =>
    must(gql(server as RunningServer, q, variables, as));
  let visaTypeId = '';
  let n = 0;
  return {
    call,
    async visaType(): Promise<string> {
      if (visaTypeId) return visaTypeId;
      const cat = await call('mutation($i: CreateVisaCategoryInput!) { createVisaCategory(input: $i) { id } }', {
        i: { name: `Work ${Date.now()}` },
      });
      const type = await call('mutation($i: CreateVisaTypeInput!) { createVisaType(input: $i) { id } }', {
        i: { visaCategoryId: cat.createVisaCategory.id, name: 'Skilled', code: '189' },
      });
      return (visaTypeId = type.createVisaType.id as string);
    },
    async client(branchId: string, assignedToId?: string): Promise<string> {
      const i = { firstName: 'Eva', lastName: `Client ${++n}`, gender: 'FEMALE', country: 'AU', branchId, assignedToId };
      return (await call('mutation($i: CreateClientInput!) { createClient(input: $i) { id } }', { i })).createClient.id;
    },
    async visa(clientId: string, expiryDate: string | null): Promise<string> {
      const i = { clientId, visaTypeId: await this.visaType(), immigrationFee: '100', serviceFee: '50', expiryDate };
      return (await call('mutation($i: CreateVisaApplicationInput!) { createVisaApplication(input: $i) { id } }', { i }))
        .createVisaApplication.id;
    },
    async passport(clientId: string, dateOfExpiry: string): Promise<void> {
      const i = { passportNo: `P${++n}`, passportCountry: 'AU', countryOfBirth: 'AU', nationality: 'AU', dateOfExpiry };
      await call('mutation($c: ID!, $i: PassportInput!) { setPassport(clientId: $c, input: $i) { passportNo } }', {
        c: clientId,
        i,
      });
    },
  };
}

describe('expiry alerts on the set clock', () => {
  let server: RunningServer;
  let fx: OrgFixture;
  let a: ReturnType<typeof agency>;
  const clock = new SettableClock(NOW);
  const as = (who: string) => fx.as(who);
  const id = (who: string) => fx.users[who]!.id;

  let own: OwnDatabase | undefined;

  beforeAll(async () => {
    // On PostgreSQL a database of its own: this processor sweeps every tenant of its database on a
    // clock years ahead, which would make other files' reminders and tasks due. (Embedded: each
    // test server has its own database anyway.)
    own = process.env.DATABASE_URL ? await ownDatabase('expiry_clock') : undefined;
    server = await startTestServer({ EVENTS_SWEEP_SECONDS: SWEEP_SECONDS, ...own?.env }, { clock });
    fx = await createOrgFixture(server, (await loginPlatform(server)).accessToken);
    a = agency(server, fx.as('SUPER_ADMIN'));
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await own?.drop();
  });

  it('a visa expiring within the window gives exactly one VISA_EXPIRING, to the client’s assignee', async () => {
    const client = await a.client(fx.branches.B11, id('CONSULTANT@B11'));
    const visa = await a.visa(client, day(45));
    const [alert] = await eventually(
      async () => about(await alertsOf(server, as('CONSULTANT@B11')), visa),
      (x) => x.length > 0,
    );
    expect(alert).toMatchObject({
      type: 'VISA_EXPIRING',
      entityType: 'VisaApplication',
      client: { id: client },
      metaInfo: { expiryDate: day(45), daysLeft: 45, visaApplicationId: visa },
    });
    expect(alert!.message).toContain(`expires on ${day(45)} (in 45 days)`);
    await settle(server);
    expect(about(await alertsOf(server, as('CONSULTANT@B11')), visa)).toHaveLength(1);
    // With an assignee, the branch's admin is not told.
    expect(about(await alertsOf(server, as('BRANCH_ADMIN@B11')), visa)).toEqual([]);
  });

  it('with no assignee, every BRANCH_ADMIN of the client’s branch gets it once, and nobody else', async () => {
    const second = (await a.call(CREATE_USER, { i: userInput(fx.tenant.slug, 'ba2', 'BRANCH_ADMIN', [fx.branches.B12]) }))
      .createUser.id as string;
    const client = await a.client(fx.branches.B12);
    const visa = await a.visa(client, day(10));
    await eventually(
      async () => about(await alertsOf(server, as('BRANCH_ADMIN@B12')), visa, 'VISA_EXPIRING'),
      (x) => x.length === 1,
    );
    await settle(server);
    expect(about(await alertsOf(server, as('BRANCH_ADMIN@B12')), visa)).toHaveLength(1);
    const rows = await server.runtime.database.orm.execute(
      sql`select recipient_id::text as r from ${sql.identifier(fx.tenant.schemaName)}.notifications where entity_id = ${visa}`,
    );
    const recipients = resultRows<{ r: string }>(rows)
      .map((x) => x.r)
      .sort();
    expect(recipients).toEqual([id('BRANCH_ADMIN@B12'), second].sort());
    for (const other of ['CONSULTANT@B12', 'BRANCH_ADMIN@B11', 'REGION_MANAGER@B12']) {
      expect(about(await alertsOf(server, as(other)), visa), other).toEqual([]);
    }
  });

  it('a passport expiring within the passport window gives one PASSPORT_EXPIRING, to the assignee or else the branch admins', async () => {
    // 120 days: outside the visa window (90) but inside the passport window (180).
    const assigned = await a.client(fx.branches.B11, id('CONSULTANT@B11'));
    const unassigned = await a.client(fx.branches.B21);
    await a.passport(assigned, day(120));
    await a.passport(unassigned, day(179));
    const [alert] = await eventually(
      async () => about(await alertsOf(server, as('CONSULTANT@B11')), assigned, 'PASSPORT_EXPIRING'),
      (x) => x.length > 0,
    );
    expect(alert).toMatchObject({ entityType: 'Client', client: { id: assigned }, metaInfo: { expiryDate: day(120) } });
    await eventually(
      async () => about(await alertsOf(server, as('BRANCH_ADMIN@B21')), unassigned, 'PASSPORT_EXPIRING'),
      (x) => x.length > 0,
    );
    await settle(server);
    expect(about(await alertsOf(server, as('CONSULTANT@B11')), assigned)).toHaveLength(1);
    expect(about(await alertsOf(server, as('BRANCH_ADMIN@B21')), unassigned)).toHaveLength(1);
    expect(about(await alertsOf(server, as('BRANCH_ADMIN@B11')), assigned)).toEqual([]);
  });

  it('outside the window (already expired, or too far ahead) nothing; today and the last day of the window count', async () => {
    const client = await a.client(fx.branches.B11, id('CONSULTANT@B11'));
    const expired = await a.visa(client, day(-1));
    const farVisa = await a.visa(client, day(91));
    const lastDay = await a.visa(client, day(90));
    const today = await a.visa(client, day(0));
    const farPassportClient = await a.client(fx.branches.B11, id('CONSULTANT@B11'));
    await a.passport(farPassportClient, day(181));
    const expiredPassportClient = await a.client(fx.branches.B11, id('CONSULTANT@B11'));
    await a.passport(expiredPassportClient, day(-3));
    await eventually(
      async () => {
        const all = await alertsOf(server, as('CONSULTANT@B11'));
        return about(all, lastDay).length + about(all, today).length;
      },
      (count) => count === 2,
    );
    await settle(server);
    const all = await alertsOf(server, as('CONSULTANT@B11'));
    expect(about(all, today)[0]!.message).toContain('(today)');
    for (const outside of [expired, farVisa, farPassportClient, expiredPassportClient]) expect(about(all, outside)).toEqual([]);
  });

  it('a recipient who cannot see the client gets nothing', async () => {
    // A consultant assigned to a B11 client, then moved to B21: still the assignee, no longer able to see it.
    const moved = (await a.call(CREATE_USER, { i: userInput(fx.tenant.slug, 'moved', 'CONSULTANT', [fx.branches.B11]) }))
      .createUser.id as string;
    const hidden = await a.client(fx.branches.B11, moved);
    await a.call('mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }', {
      id: moved,
      i: { branchIds: [fx.branches.B21] },
    });
    await a.visa(hidden, day(5));
    await a.passport(hidden, day(5));
    const control = await a.client(fx.branches.B11, id('CONSULTANT@B11'));
    const controlVisa = await a.visa(control, day(5));
    await eventually(
      async () => about(await alertsOf(server, as('CONSULTANT@B11')), controlVisa),
      (x) => x.length === 1,
    );
    await settle(server);
    const rows = await server.runtime.database.orm.execute(
      sql`select count(*)::int as n from ${sql.identifier(fx.tenant.schemaName)}.notifications
        where client_id = ${hidden} and type in ('VISA_EXPIRING', 'PASSPORT_EXPIRING')`,
    );
    expect(resultRows<{ n: number }>(rows)[0]!.n).toBe(0);
  });

  it('a deleted visa application gets nothing (its window opens only after it was deleted)', async () => {
    const t = await ownerTenant(server);
    const b = agency(server, t.auth);
    // A window of one day, so neither application is due yet; then deleted, then the window opens.
    await b.call(UPDATE_SETTINGS, { i: { visaExpiryWindowDays: 1 } });
    const client = await b.client(t.branch, t.ownerId);
    const deleted = await b.visa(client, day(20));
    const live = await b.visa(client, day(21));
    await b.call('mutation($id: ID!) { deleteVisaApplication(id: $id) { id } }', { id: deleted });
    await settle(server);
    expect(await alertsOf(server, t.auth)).toEqual([]);
    await b.call(UPDATE_SETTINGS, { i: { visaExpiryWindowDays: 30 } });
    await eventually(
      async () => about(await alertsOf(server, t.auth), live),
      (x) => x.length === 1,
    );
    await settle(server);
    expect(about(await alertsOf(server, t.auth), deleted)).toEqual([]);
  });

  it('changing the expiry date alerts again, once for the new date', async () => {
    const client = await a.client(fx.branches.B11, id('CONSULTANT@B11'));
    const visa = await a.visa(client, day(30));
    await eventually(
      async () => about(await alertsOf(server, as('CONSULTANT@B11')), visa),
      (x) => x.length === 1,
    );
    await a.call('mutation($id: ID!, $i: UpdateVisaApplicationInput!) { updateVisaApplication(id: $id, input: $i) { id } }', {
      id: visa,
      i: { expiryDate: day(20) },
    });
    const alerts = await eventually(
      async () => about(await alertsOf(server, as('CONSULTANT@B11')), visa),
      (x) => x.length === 2,
    );
    await settle(server);
    expect(about(await alertsOf(server, as('CONSULTANT@B11')), visa)).toHaveLength(2);
    expect(alerts.map((x) => x.metaInfo.expiryDate).sort()).toEqual([day(20), day(30)]);
  });

  it('the tenant’s taskDueSoonWindowDays decides which tasks are TASK_DUE_SOON', async () => {
    const t = await ownerTenant(server);
    const hours = (h: number) => new Date(NOW.getTime() + h * 3600_000).toISOString();
    const task = async (title: string, dueDate: string) =>
      (
        await must(
          gql(
            server,
            'mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }',
            { i: { title, dueDate, assignedToId: t.ownerId } },
            t.auth,
          ),
        )
      ).createTask.id as string;
    const soon = async () => await alertsOf(server, t.auth, ['TASK_DUE_SOON']);
    // The default window is 3 days.
    const inTwoDays = await task('In two days', hours(48));
    const inFiveDays = await task('In five days', hours(120));
    const [first] = await eventually(
      async () => about(await soon(), inTwoDays),
      (x) => x.length === 1,
    );
    expect(first!.message).toBe('Task "In two days" is due within 3 days.');
    await settle(server);
    expect(about(await soon(), inFiveDays)).toEqual([]);
    // Widened to 7 days: the five-day task is due soon now.
    await must(gql(server, UPDATE_SETTINGS, { i: { taskDueSoonWindowDays: 7 } }, t.auth));
    const [second] = await eventually(
      async () => about(await soon(), inFiveDays),
      (x) => x.length === 1,
    );
    expect(second!.message).toBe('Task "In five days" is due within 7 days.');
    // Narrowed to 1 day: a new two-day task is not, a twelve-hour one is.
    await must(gql(server, UPDATE_SETTINGS, { i: { taskDueSoonWindowDays: 1 } }, t.auth));
    const alsoInTwoDays = await task('Also in two days', hours(48));
    const inTwelveHours = await task('In twelve hours', hours(12));
    await eventually(
      async () => about(await soon(), inTwelveHours),
      (x) => x.length === 1,
    );
    await settle(server);
    expect(about(await soon(), alsoInTwoDays)).toEqual([]);
    expect((await soon()).length).toBe(3);
  });

  it('the clock decides what "today" is: moved 70 days on, a visa 150 days out is inside the window', async () => {
    const client = await a.client(fx.branches.B22, id('CONSULTANT@B22'));
    const later = await a.visa(client, day(150));
    await settle(server);
    expect(about(await alertsOf(server, as('CONSULTANT@B22')), later)).toEqual([]);
    clock.set(new Date(`${day(70)}T12:00:00Z`));
    try {
      const [alert] = await eventually(
        async () => about(await alertsOf(server, as('CONSULTANT@B22')), later),
        (x) => x.length === 1,
      );
      expect(alert!.metaInfo.daysLeft).toBe(80);
    } finally {
      clock.set(NOW);
    }
  });
});

describe('the clock seam', () => {
  it('a server outside NODE_ENV=test refuses any clock but the system clock, before it opens anything', async () => {
    const keys = await sharedKeyEnv();
    for (const NODE_ENV of ['production', 'development']) {
      const config = loadConfig({ ...keys, NODE_ENV, PORT: '0', HOST: '127.0.0.1', DATA_DIR: '/nonexistent/never-opened' });
      await expect(startServer(config, { clock: new SettableClock(NOW) })).rejects.toThrow(/only accepted when NODE_ENV=test/);
    }
  });
});

const UPDATE_SETTINGS =
  'mutation($i: UpdateTenantSettingsInput!) { updateTenantSettings(input: $i) { visaExpiryWindowDays taskDueSoonWindowDays } }';

/** A tenant of its own with one branch, where the owner is every client's assignee. */
async function ownerTenant(server: Server & Partial<RunningServer>, platformToken?: string) {
  const token = platformToken ?? (await loginPlatform(server as RunningServer)).accessToken;
  const t = await createTenant(server as RunningServer, token);
  const auth = { tenant: t.slug, token: t.ownerTokens.accessToken };
  const region = (await must(gql(server as RunningServer, 'mutation { createRegion(input: { name: "R" }) { id } }', {}, auth)))
    .createRegion.id as string;
  const branch = (
    await must(
      gql(
        server as RunningServer,
        'mutation($r: ID!) { createBranch(input: { name: "B", regionId: $r }) { id } }',
        { r: region },
        auth,
      ),
    )
  ).createBranch.id as string;
  const me = (await must(gql(server as RunningServer, '{ me { id } }', {}, auth))).me.id as string;
  return { auth, branch, ownerId: me, slug: t.slug };
}

interface Child {
  proc: ChildProcessWithoutNullStreams;
  server: Server;
  stop(): Promise<void>;
}

async function startChild(env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/kit/clock-child.ts'], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  proc.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start\nstdout: ${stdout}\nstderr: ${stderr}`)), 90_000);
    proc.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      const m = /"port":(\d+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.once('exit', (code) => reject(new Error(`child exited (${code})\nstdout: ${stdout}\nstderr: ${stderr}`)));
  });
  return {
    proc,
    server: { port },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

describe('expiry alerts across restarts and processes', () => {
  let own: OwnDatabase | undefined;
  const children: Child[] = [];
  afterAll(async () => {
    for (const c of children) {
      if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    }
    await Promise.all(children.map((c) => c.stop()));
    await own?.drop();
  });

  let env: Record<string, string> = {};
  const start = async () => {
    const child = await startChild(env);
    children.push(child);
    return child;
  };

  it('a restarted server, and two servers on one database, send no alert twice', async () => {
    // A database of its own: the children sweep every tenant in it, and other files' tenants must not be swept on a moved clock.
    own = await ownDatabase('expiry');
    env = childEnv(
      { ...(await sharedKeyEnv()), ...own.env },
      { EVENTS_SWEEP_SECONDS: SWEEP_SECONDS, TEST_CLOCK: NOW.toISOString() },
    );
    let first = await start();
    const t = await ownerTenant(first.server);
    let b = agency(first.server, t.auth);
    const client = await b.client(t.branch, t.ownerId);
    const visa = await b.visa(client, day(30));
    await b.passport(client, day(100));
    const both = (alerts: Alert[]) => about(alerts, visa).length + about(alerts, client, 'PASSPORT_EXPIRING').length;
    await eventually(
      () => alertsOf(first.server, t.auth),
      (x) => both(x) === 2,
    );

    // Restarted on the same database: the same records, the same day, nothing new.
    await first.stop();
    first = await start();
    b = agency(first.server, t.auth);
    const control = await b.visa(client, day(40));
    await eventually(
      async () => about(await alertsOf(first.server, t.auth), control),
      (x) => x.length === 1,
    );
    await settle(first.server);
    expect(both(await alertsOf(first.server, t.auth))).toBe(2);

    // Two processes on one database (PostgreSQL: the embedded database is one process's).
    if (!process.env.DATABASE_URL) return;
    const second = await start();
    const viaSecond = agency(second.server, t.auth);
    const visas: string[] = [];
    for (let n = 0; n < 8; n++) visas.push(await viaSecond.visa(client, day(50 + n)));
    const alerts = await eventually(
      () => alertsOf(second.server, t.auth, ['VISA_EXPIRING']),
      (x) => visas.every((v) => about(x, v).length > 0),
    );
    await Promise.all([settle(first.server), settle(second.server)]);
    const final = await alertsOf(first.server, t.auth, ['VISA_EXPIRING']);
    for (const v of [visa, control, ...visas]) expect(about(final, v), v).toHaveLength(1);
    expect(final.length).toBe(alerts.length);
  }, 240_000);
});
