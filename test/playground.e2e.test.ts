// The playground at /playground: its HTTP surface (CSP, cached assets, the /graphql redirect), then
// the page in a real browser (Debian's chromium through playwright-core): it loads nothing from
// another host, signs in through its form, runs a query and streams a subscription; the stream
// reconnects after a drop and after the token changes, and a session signed in is renewed.
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import type { Socket } from 'node:net';
import { createTenant, gql, httpRequest, login, loginPlatform, must, startTestServer, type TestTenant } from './kit/server.js';

const CHROMIUM = '/usr/bin/chromium';
const hasBrowser = existsSync(CHROMIUM);
const browserRequired = process.env.E2E_REQUIRE_BROWSER === '1';
const ARTIFACTS = new URL('./artifacts/', import.meta.url);

const ME = '{ me { email role } }';
const RECEIVED = 'subscription { notificationReceived { id type title } }';

let server: RunningServer;
let tenant: TestTenant;
let owner: { tenant: string; token: string };
let branchId: string;
let ownerId: string;

beforeAll(async () => {
  server = await startTestServer();
  tenant = await createTenant(server, (await loginPlatform(server)).accessToken);
  owner = { tenant: tenant.slug, token: tenant.ownerTokens.accessToken };
  ownerId = (await must(gql(server, '{ me { id } }', {}, owner))).me.id;
  const region = await must(gql(server, 'mutation { createRegion(input: { name: "North" }) { id } }', {}, owner));
  const branch = await must(
    gql(
      server,
      'mutation($r: ID!) { createBranch(input: { name: "Harbour", regionId: $r }) { id } }',
      { r: region.createRegion.id },
      owner,
    ),
  );
  branchId = branch.createBranch.id;
});
afterAll(async () => {
  await server?.close();
});

/** Creates a client assigned to the owner, which notifies them (CLIENT_ASSIGNED: `Client Assigned: <name>`). */
const notifyOwner = (firstName: string) =>
  must(
    gql(
      server,
      'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }',
      { i: { firstName, gender: 'OTHER', country: 'NP', branchId, assignedToId: ownerId } },
      owner,
    ),
  );

describe('the playground over HTTP', () => {
  it('serves the page with its own Content-Security-Policy and no third-party origin', async () => {
    const res = await httpRequest(server, 'GET', '/playground');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:/);
    expect(res.body).not.toMatch(/(src|href)="https?:/);
    expect(res.body).toMatch(/src="\/playground\/assets\/graphiql\.min\.js\?v=[\w-]+"/);
  });

  it('serves assets under hashed URLs cached for good, with an ETag that answers 304', async () => {
    const page = await httpRequest(server, 'GET', '/playground');
    const url = /src="(\/playground\/assets\/graphiql\.min\.js\?v=[\w-]+)"/.exec(page.body)![1]!;
    const first = await httpRequest(server, 'GET', url);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toMatch(/^text\/javascript/);
    expect(first.headers['cache-control']).toContain('immutable');
    const again = await httpRequest(server, 'GET', url, undefined, { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    const gzipped = await httpRequest(server, 'GET', url, undefined, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    const unversioned = await httpRequest(server, 'GET', '/playground/assets/playground.js');
    expect(unversioned.headers['cache-control']).toBe('no-cache');
    expect((await httpRequest(server, 'GET', '/playground/assets/nope.js')).status).toBe(404);
    expect((await httpRequest(server, 'GET', '/playground/assets/index.html')).status).toBe(404);
    for (const name of ['constructor', '__proto__', 'toString']) {
      expect((await httpRequest(server, 'GET', `/playground/assets/${name}`)).status, name).toBe(404);
    }
  });

  it('sends a browser opening /graphql to the playground, and lets every other GET through', async () => {
    const browser = await httpRequest(server, 'GET', '/graphql', undefined, {
      accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
    });
    expect(browser.status).toBe(302);
    expect(browser.headers.location).toBe('/playground');
    const query = await httpRequest(server, 'GET', `/graphql?query=${encodeURIComponent('{ __typename }')}`, undefined, {
      accept: 'text/html,application/json',
      'apollo-require-preflight': 'true',
    });
    expect(query.status).toBe(200);
    expect(JSON.parse(query.body).data).toEqual({ __typename: 'Query' });
    const tool = await httpRequest(server, 'GET', '/graphql', undefined, { accept: 'application/json' });
    expect(tool.status).not.toBe(302);
  });
});

const browserTitle = hasBrowser || browserRequired ? '' : ` (skipped: ${CHROMIUM} not found; apt-get install chromium)`;

describe.skipIf(!hasBrowser && !browserRequired)(`the playground in a real browser${browserTitle}`, () => {
  let browser: Browser | undefined;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (!hasBrowser) throw new Error(`E2E_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install chromium`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1360, height: 820 } });
    context.on('request', (r) => requests.push(r.url()));
    page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (m: ConsoleMessage) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  const responsePane = () => page.locator('.graphiql-response');
  const isStream = (url: string) => new URL(url).pathname === '/graphql/stream';
  /** The next /graphql/stream response, which must be 200. */
  const streamOpened = async () => {
    const opened = await page.waitForResponse((r) => isStream(r.url()), { timeout: 20_000 });
    if (opened.status() !== 200) throw new Error(`/graphql/stream answered ${opened.status()}: ${await opened.text()}`);
    return opened;
  };
  /**
   * Notifies the owner until the open subscription shows it (`<prefix> <n>`): a notification sent
   * while the stream is still subscribing, or reconnecting, is not replayed, so one is sent again.
   */
  const seeNotified = async (prefix: string) => {
    for (let attempt = 0; attempt < 4; attempt++) {
      await new Promise((r) => setTimeout(r, 300));
      await notifyOwner(`${prefix} ${attempt}`);
      const seen = await expect
        .poll(() => responsePane().innerText(), { timeout: 5_000 })
        .toContain(`${prefix} ${attempt}`)
        .then(
          () => true,
          () => false,
        );
      if (seen) return;
    }
    throw new Error(`no notification "${prefix} …" reached the page:\n${await responsePane().innerText()}`);
  };
  const run = () => page.locator('.graphiql-execute-button').click();
  const open = (query: string) => page.goto(`${server.url}/playground?query=${encodeURIComponent(query)}`);
  /** Sets the text of the open Headers editor (CodeMirror 5 hangs its instance on its element). */
  const setHeaders = (text: string) =>
    page
      .locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror')
      .first()
      .evaluate((el, value) => (el as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror.setValue(value), text);

  it('signs in through its form and runs a query', async () => {
    await open(ME);
    await page.getByLabel('Tenant').fill(tenant.slug);
    await page.getByLabel('Email').fill(tenant.owner.email);
    await page.getByLabel('Password').fill(tenant.owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByLabel('Token').inputValue(), { timeout: 10_000 }).toMatch(/^ey/);
    await expect.poll(() => page.getByRole('status').innerText()).toContain(`Signed in as ${tenant.owner.email}`);

    await run();
    await expect.poll(() => responsePane().innerText(), { timeout: 10_000 }).toContain(tenant.owner.email);
    expect(await responsePane().innerText()).toContain('SUPER_ADMIN');
  });

  it('keeps tenant and token over a reload and streams a subscription', async () => {
    await open(RECEIVED);
    expect(await page.getByLabel('Tenant').inputValue()).toBe(tenant.slug);
    expect(await page.getByLabel('Token').inputValue()).toMatch(/^ey/);

    const stream = page.waitForResponse((r) => new URL(r.url()).pathname === '/graphql/stream');
    await run();
    const opened = await stream;
    if (opened.status() !== 200) throw new Error(`/graphql/stream answered ${opened.status()}: ${await opened.text()}`);

    // Assigning a client to the owner notifies them (CLIENT_ASSIGNED, from the outbox processor).
    await seeNotified('Streamed');
    expect(await responsePane().innerText()).toContain('CLIENT_ASSIGNED');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('playground.png', ARTIFACTS).pathname });
    await run(); // the same button stops the stream
  });

  it('reconnects a subscription whose connection dropped, and streams on', async () => {
    // The server side of every stream connection, to cut it as a failing node or proxy would.
    const sockets = new Set<Socket>();
    const track = (req: { url?: string; socket: Socket }) => {
      if (req.url?.startsWith('/graphql/stream')) sockets.add(req.socket);
    };
    server.httpServer.on('request', track);
    try {
      await open(RECEIVED);
      await page.getByLabel('Tenant').fill(tenant.slug);
      await page.getByLabel('Token').fill(owner.token);
      const first = streamOpened();
      await run();
      await first;
      await seeNotified('Before the drop');

      const again = streamOpened();
      expect(sockets.size).toBeGreaterThan(0);
      for (const socket of sockets) socket.destroy();
      await again;
      await seeNotified('After the drop');
      expect(await responsePane().innerText()).not.toMatch(/error/i);
      await run();
    } finally {
      server.httpServer.off('request', track);
    }
  });

  it('carries a subscription over to a new sign-in when its own session ends', async () => {
    // Session A is pasted as a token; the stream runs on it.
    const a = await login(server, tenant.owner.email, tenant.owner.password, tenant.slug);
    await open(RECEIVED);
    await page.getByLabel('Tenant').fill(tenant.slug);
    await page.getByLabel('Token').fill(a.accessToken);
    const first = streamOpened();
    await run();
    expect((await first).request().headers().authorization).toBe(`Bearer ${a.accessToken}`);
    await seeNotified('On session A');

    // Session B signs in through the form; then session A ends on the server.
    await page.getByLabel('Email').fill(tenant.owner.email);
    await page.getByLabel('Password').fill(tenant.owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('status').innerText(), { timeout: 10_000 }).toContain('Signed in as');
    const b = await page.getByLabel('Token').inputValue();
    expect(b).not.toBe(a.accessToken);
    const onB = page.waitForRequest((r) => isStream(r.url()) && r.headers().authorization === `Bearer ${b}`, {
      timeout: 20_000,
    });
    await must(
      gql(
        server,
        'mutation($i: LogoutInput!) { logout(input: $i) }',
        { i: { refreshToken: a.refreshToken } },
        {
          tenant: tenant.slug,
          token: a.accessToken,
        },
      ),
    );

    // The next message ends A's stream (UNAUTHENTICATED); the page reconnects with B's token.
    await notifyOwner('Ends session A');
    await onB;
    await seeNotified('On session B');
    expect(await responsePane().innerText()).not.toContain('UNAUTHENTICATED');
    await run();
  });

  /** The playground in a context of its own, whose clock runs on from now and can jump ahead. */
  async function withClockPage(test: (page: Page) => Promise<void>) {
    const context = await browser!.newContext({ viewport: { width: 1360, height: 820 } });
    try {
      const own = await context.newPage();
      await own.clock.install();
      await own.goto(`${server.url}/playground?query=${encodeURIComponent(ME)}`);
      await test(own);
    } finally {
      await context.close();
    }
  }

  it('renews a session it signed in before the access token expires', async () => {
    await withClockPage(async (renewing) => {
      await renewing.getByLabel('Tenant').fill(tenant.slug);
      await renewing.getByLabel('Email').fill(tenant.owner.email);
      await renewing.getByLabel('Password').fill(tenant.owner.password);
      const signedIn = renewing.waitForResponse((r) => r.request().postData()?.includes('"Login"') === true);
      await renewing.getByRole('button', { name: 'Sign in' }).click();
      const issued = ((await (await signedIn).json()) as { data: { login: { accessToken: string; refreshToken: string } } }).data
        .login;
      await expect.poll(() => renewing.getByLabel('Token').inputValue()).toBe(issued.accessToken);
      await expect.poll(() => renewing.locator('.pg-chip').innerText()).toContain('renews itself');

      // The test server's tokens live 15 minutes: renewal is due a minute before they expire.
      const renewal = renewing.waitForRequest((r) => r.postData()?.includes('"Refresh"') === true);
      await renewing.clock.fastForward('14:30');
      const sent = JSON.parse((await renewal).postData()!) as { variables: { input: { refreshToken: string } } };
      expect(sent.variables.input.refreshToken).toBe(issued.refreshToken);
      await expect.poll(() => renewing.getByLabel('Token').inputValue(), { timeout: 10_000 }).not.toBe(issued.accessToken);
      const renewed = await renewing.getByLabel('Token').inputValue();
      expect((await gql(server, ME, {}, { tenant: tenant.slug, token: renewed })).data?.me.email).toBe(tenant.owner.email);
      expect(await renewing.locator('.pg-status').count()).toBe(1);
      expect(await renewing.locator('.pg-status').innerText()).toContain('Signed in as');
    });
  });

  it('tries a renewal again after a gateway error, but never resends a refresh token that may have arrived', async () => {
    await withClockPage(async (renewing) => {
      // Refresh requests: the first answered 502 by a "gateway", then through, then cut off.
      const refreshes: string[] = [];
      let mode: 'gateway' | 'through' | 'cut' = 'gateway';
      await renewing.route('**/graphql', async (route) => {
        const body = route.request().postData() ?? '';
        if (!body.includes('"Refresh"')) return route.continue();
        refreshes.push((JSON.parse(body) as { variables: { input: { refreshToken: string } } }).variables.input.refreshToken);
        if (mode === 'gateway') {
          mode = 'through';
          return route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>502 Bad Gateway</h1>' });
        }
        if (mode === 'cut') return route.abort('connectionreset');
        return route.continue();
      });
      await renewing.getByLabel('Tenant').fill(tenant.slug);
      await renewing.getByLabel('Email').fill(tenant.owner.email);
      await renewing.getByLabel('Password').fill(tenant.owner.password);
      await renewing.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => renewing.getByRole('status').innerText(), { timeout: 10_000 }).toContain('Signed in as');
      const issued = await renewing.getByLabel('Token').inputValue();

      await renewing.clock.fastForward('14:30');
      await expect.poll(() => refreshes.length).toBe(1);
      // The retry timer starts once the page has read the 502, which may be after the route saw the
      // request: jump ahead again until the retry is sent (each jump is past RENEW_RETRY_MS).
      await expect
        .poll(
          async () => {
            if (refreshes.length < 2) await renewing.clock.fastForward('00:06');
            return refreshes.length;
          },
          { timeout: 10_000, interval: 250 },
        )
        .toBe(2);
      expect(refreshes[1]).toBe(refreshes[0]); // the gateway's 502 never reached the server
      await expect.poll(() => renewing.getByLabel('Token').inputValue(), { timeout: 10_000 }).not.toBe(issued);

      mode = 'cut';
      await renewing.clock.fastForward('14:30');
      await expect.poll(() => refreshes.length).toBe(3);
      expect(refreshes[2]).not.toBe(refreshes[1]); // rotated
      await expect
        .poll(() => renewing.getByRole('status').innerText(), { timeout: 10_000 })
        .toContain('The session could not be renewed (the connection failed): sign in again.');
      await renewing.clock.fastForward('01:00');
      await new Promise((r) => setTimeout(r, 300));
      expect(refreshes).toHaveLength(3);
    });
  });

  it('sends the Headers editor’s headers over the bar’s', async () => {
    await open(ME);
    await page.getByRole('button', { name: 'Headers' }).click();
    await setHeaders('{ "X-Tenant": "no-such-agency" }');
    await run();
    await expect.poll(() => responsePane().innerText(), { timeout: 10_000 }).toContain('TENANT_NOT_FOUND');
    await setHeaders('');
  });

  it('signs out: the session ends on the server and the token is cleared', async () => {
    await page.getByLabel('Email').fill(tenant.owner.email);
    await page.getByLabel('Password').fill(tenant.owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('status').innerText(), { timeout: 10_000 }).toContain('Signed in as');
    const token = await page.getByLabel('Token').inputValue();
    expect((await gql(server, ME, {}, { tenant: tenant.slug, token })).data?.me.email).toBe(tenant.owner.email);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toBe('Signed out.');
    expect(await page.getByLabel('Token').inputValue()).toBe('');
    expect((await gql(server, ME, {}, { tenant: tenant.slug, token })).codes).toEqual(['UNAUTHENTICATED']);
  });

  it('loaded nothing from another host and hit no CSP violation', () => {
    const origin = new URL(server.url).origin;
    const foreign = requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
    expect(requests.length).toBeGreaterThan(5);
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
  });
});
