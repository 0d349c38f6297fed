// The playground page: a top bar (tenant, token, sign-in) above GraphiQL, and the fetcher that sends
// queries and mutations to /graphql and subscriptions over graphql-sse to /graphql/stream.
// Plain browser script on the UMD globals React, ReactDOM, GraphiQL and graphqlSse: no build step.
/* global React, ReactDOM, GraphiQL, graphqlSse, document, location, localStorage, URLSearchParams, atob */
(function () {
  'use strict';

  const h = React.createElement;
  const { useEffect, useMemo, useRef, useState } = React;

  const STORAGE = {
    tenant: 'leopard-playground:tenant',
    token: 'leopard-playground:token',
    expiresAt: 'leopard-playground:token-expires-at',
  };
  const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { accessToken refreshToken accessTokenExpiresAt } }';
  const LOGOUT = 'mutation Logout($input: LogoutInput!) { logout(input: $input) }';
  const REFRESH =
    'mutation Refresh($input: RefreshSessionInput!) { refreshSession(input: $input) { accessToken refreshToken accessTokenExpiresAt } }';
  /** Renewal starts this long before the access token expires (at most a quarter of its lifetime). */
  const RENEW_LEAD_MS = 60_000;
  /** A renewal a gateway refused (5xx, no GraphQL answer) is tried again after this, until expiry. */
  const RENEW_RETRY_MS = 5_000;
  /** The soonest a renewal is due after a token arrives. */
  const RENEW_MIN_DELAY_MS = 5_000;
  /** Waits before reconnecting a dropped stream: 0.5 s doubling to 15 s, then the error is shown. */
  const RECONNECT_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15000, 15000, 15000];
  const DEFAULT_QUERY = `# Welcome to the Leopard GraphQL playground.
#
# 1. Tenant: your agency's slug, sent as X-Tenant (leave it empty for the platform).
# 2. Sign in in the bar above, or paste an access token.
# 3. Press the run button (Ctrl-Enter). Subscriptions stream live until you stop them.
#
# Headers typed in the Headers tab below are sent too and override the bar's.

query Me {
  me {
    email
    role
    tenant {
      name
    }
  }
}
`;
  const HINT =
    'Type the tenant slug, sign in (or paste a token), then run an operation. ' +
    'Queries and mutations go to /graphql, subscriptions stream from /graphql/stream.';

  const introspection = document.querySelector('meta[name="leopard-introspection"]')?.content !== 'off';
  const params = new URLSearchParams(location.search);
  const initialQuery = params.get('query');
  const initialVariables = params.get('variables');

  function stored(key) {
    try {
      return localStorage.getItem(key) || '';
    } catch {
      return '';
    }
  }

  function store(key, value) {
    try {
      if (value) localStorage.setItem(key, value);
      else localStorage.removeItem(key);
    } catch {
      // Storage refused (private mode, quota): the value lives for this page only.
    }
  }

  /** The bar's tenant and token, then `base`, then the Headers editor's, matched without case: the editor wins. */
  function mergeHeaders(auth, base, extra) {
    const out = {};
    if (auth.tenant) out['x-tenant'] = auth.tenant;
    if (auth.token) out.authorization = `Bearer ${auth.token}`;
    for (const layer of [base, extra]) {
      for (const [name, value] of Object.entries(layer || {})) {
        for (const key of Object.keys(out)) if (key.toLowerCase() === name.toLowerCase()) delete out[key];
        // null in the Headers editor drops a header the bar would send.
        if (value !== null && value !== undefined) out[name] = String(value);
      }
    }
    return out;
  }

  /** query, mutation or subscription: from GraphiQL's parsed document, else from the first keyword. */
  function operationKind(request, documentAST) {
    const operations = documentAST ? documentAST.definitions.filter((d) => d.kind === 'OperationDefinition') : [];
    const chosen = request.operationName
      ? operations.find((d) => d.name && d.name.value === request.operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
    if (chosen) return chosen.operation;
    const first = /^\s*(query|mutation|subscription)\b/.exec(request.query.replace(/#[^\n]*/g, ''));
    return first ? first[1] : 'query';
  }

  function describeErrors(result) {
    const errors = (result && result.errors) || [];
    if (!errors.length) return 'no data in the response';
    return errors.map((e) => (e.extensions && e.extensions.code ? `${e.message} (${e.extensions.code})` : e.message)).join('; ');
  }

  async function postGraphql(body, headers) {
    const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    try {
      return JSON.parse(text);
    } catch {
      return { errors: [{ message: `HTTP ${res.status} ${res.statusText}: ${text.slice(0, 500)}` }] };
    }
  }

  /** The error a failed stream ends with, as a GraphQL result (the server answers 401 and 400 with one). */
  async function streamErrorResult(err) {
    const response = err && err.response;
    if (response) {
      try {
        return await response.json();
      } catch {
        // Not JSON: fall back to the status line below.
      }
    }
    return { errors: [{ message: err && err.message ? err.message : String(err) }] };
  }

  /** An access token's lifetime in ms from its own claims (server clock), else until `expiresAt`. */
  function lifetimeOf(token, expiresAt) {
    try {
      const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      if (typeof claims.exp === 'number' && typeof claims.iat === 'number' && claims.exp > claims.iat) {
        return (claims.exp - claims.iat) * 1000;
      }
    } catch {
      // Not a token this page can read: the expiry the server sent.
    }
    return Math.max(0, Date.parse(expiresAt) - Date.now());
  }

  /**
   * The session behind a login or renewal just received, timed on this page's clock from the
   * token's lifetime, so a page clock set wrong neither renews in a loop nor too late: renewal is
   * due RENEW_LEAD_MS before expiry (a quarter of the lifetime if shorter), never sooner than
   * RENEW_MIN_DELAY_MS.
   */
  function newSession(payload, tenant) {
    const lifetime = lifetimeOf(payload.accessToken, payload.accessTokenExpiresAt);
    const lead = Math.min(RENEW_LEAD_MS, lifetime / 4);
    const now = Date.now();
    return {
      refreshToken: payload.refreshToken,
      tenant,
      renewAt: now + Math.max(RENEW_MIN_DELAY_MS, lifetime - lead),
      expiresLocal: now + lifetime,
    };
  }

  /**
   * A drop worth reconnecting after: the connection failed or ended without `complete` (a server
   * shutting down ends its streams that way, so clients reconnect to another node), or the server
   * answered 5xx. A 4xx (bad token, bad document) is shown instead: trying again would not help.
   */
  function isDrop(err) {
    if (!(err instanceof graphqlSse.NetworkError)) return false;
    return !err.response || err.response.status >= 500;
  }

  const hasCode = (result, code) =>
    Boolean(result && result.errors && result.errors.some((e) => e.extensions && e.extensions.code === code));

  /** A header's value whatever the case of its name ('' when absent). */
  function headerOf(headers, name) {
    for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
    return '';
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /**
   * One subscription over graphql-sse (distinct connections mode: one HTTP response per operation)
   * as an AsyncIterable that GraphiQL reads. Each connection has its own client with the headers
   * of that moment (`headersNow`), so a reconnect carries a renewed token.
   *
   * It reconnects (RECONNECT_DELAYS_MS) when the stream drops, and when the server ends it as
   * UNAUTHENTICATED while the page already holds another token (the session was renewed or a new
   * one signed in). Events sent while it was away are not replayed. return() (GraphiQL's stop
   * button) aborts at once.
   */
  function subscribe(request, headersNow) {
    const params = {
      query: request.query,
      ...(request.variables ? { variables: request.variables } : {}),
      ...(request.operationName ? { operationName: request.operationName } : {}),
    };
    let client = null;
    let inner = null;
    let first = null;
    let sentWith = null;
    let attempt = 0;
    let finished = false;
    let wake = null;

    const disconnect = () => {
      if (client) client.dispose();
      client = null;
      inner = null;
    };
    /**
     * The first connection's headers; a reconnect takes the bar's token of that moment (renewed, or
     * signed in again) but never moves to another tenant: then it keeps the first token.
     */
    const headersForNow = () => {
      if (!first) return headersNow();
      const current = headersNow();
      if (headerOf(current, 'x-tenant') !== headerOf(first, 'x-tenant')) return first;
      const out = {};
      for (const [name, value] of Object.entries(first)) if (name.toLowerCase() !== 'authorization') out[name] = value;
      const token = headerOf(current, 'authorization');
      if (token) out.authorization = token;
      return out;
    };
    const connect = () => {
      const headers = headersForNow();
      if (!first) first = headers;
      sentWith = headerOf(headers, 'authorization');
      client = graphqlSse.createClient({ url: '/graphql/stream', headers: () => headers, retryAttempts: 0 });
      inner = client.iterate(params);
    };
    const finish = () => {
      finished = true;
      disconnect();
      if (wake) wake();
    };
    /** Waits before the next attempt; false when the run was stopped meanwhile or attempts ran out. */
    const backOff = async () => {
      if (attempt >= RECONNECT_DELAYS_MS.length) return false;
      const delay = RECONNECT_DELAYS_MS[attempt++];
      await Promise.race([sleep(delay), new Promise((resolve) => (wake = resolve))]);
      wake = null;
      return !finished;
    };

    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next() {
        for (;;) {
          if (finished) return { done: true, value: undefined };
          if (!inner) connect();
          let step;
          try {
            step = await inner.next();
          } catch (err) {
            if (finished) return { done: true, value: undefined };
            disconnect();
            if (isDrop(err) && (await backOff())) continue;
            // Stopped while waiting to reconnect: nothing more to show.
            if (finished) return { done: true, value: undefined };
            finish();
            return { done: false, value: await streamErrorResult(err) };
          }
          if (step.done) {
            finish();
            return step;
          }
          const nowWith = headerOf(headersForNow(), 'authorization');
          if (hasCode(step.value, 'UNAUTHENTICATED') && nowWith && nowWith !== sentWith) {
            // This stream's token ended, and the page has another one: carry on with that.
            disconnect();
            attempt = 0;
            continue;
          }
          attempt = 0;
          return step;
        }
      },
      async return() {
        const last = inner;
        finish();
        if (last) await last.return().catch(() => undefined);
        return { done: true, value: undefined };
      },
    };
  }

  /** A GraphiQL fetcher that reads the bar's values when it runs, so a run never uses stale ones. */
  function createFetcher(authRef) {
    return function fetcher(request, opts) {
      const extra = opts && opts.headers;
      if (operationKind(request, opts && opts.documentAST) === 'subscription') {
        return subscribe(request, () => mergeHeaders(authRef.current, {}, extra));
      }
      const base = { accept: 'application/graphql-response+json, application/json', 'content-type': 'application/json' };
      return postGraphql(request, mergeHeaders(authRef.current, base, extra));
    };
  }

  /** The value once it has stopped changing for `ms` (typing in a field). */
  function useSettled(value, ms) {
    const [settled, setSettled] = useState(value);
    useEffect(() => {
      const timer = setTimeout(() => setSettled(value), ms);
      return () => clearTimeout(timer);
    }, [value, ms]);
    return settled;
  }

  function useNow(everyMs) {
    const [now, setNow] = useState(() => Date.now());
    useEffect(() => {
      const timer = setInterval(() => setNow(Date.now()), everyMs);
      return () => clearInterval(timer);
    }, [everyMs]);
    return now;
  }

  const clock = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

  // Memoised: typing in the bar must not re-render the editors.
  const Ide = React.memo(function Ide({ fetcher }) {
    return h(GraphiQL, {
      fetcher,
      defaultQuery: DEFAULT_QUERY,
      ...(initialQuery !== null ? { query: initialQuery } : {}),
      ...(initialVariables !== null ? { variables: initialVariables, defaultEditorToolsVisibility: 'variables' } : {}),
      // With introspection off the schema request would only fail: no docs or completion then.
      ...(introspection ? {} : { schema: null }),
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    });
  });

  function Field({ label, className, ...input }) {
    return h(
      'label',
      { className: `pg-field ${className || ''}` },
      h('span', { className: 'pg-label' }, label),
      h('input', input),
    );
  }

  function App() {
    const [tenant, setTenant] = useState(() => stored(STORAGE.tenant));
    const [token, setToken] = useState(() => stored(STORAGE.token));
    const [expiresAt, setExpiresAt] = useState(() => stored(STORAGE.expiresAt));
    // The session this page signed in, to renew and to end (newSession).
    // Kept in memory only: a refresh token is single-use, and two tabs sharing one (a duplicated
    // tab copies sessionStorage) would look like a stolen token and end the session.
    const [session, setSession] = useState(null);
    const [email, setEmail] = useState('');
    const [password, setPassword] = useState('');
    const [busy, setBusy] = useState(false);
    const [status, setStatus] = useState(null);
    const now = useNow(30_000);

    const auth = { tenant: tenant.trim(), token: token.trim() };
    const authRef = useRef(auth);
    authRef.current = auth;

    useEffect(() => store(STORAGE.tenant, auth.tenant), [auth.tenant]);
    useEffect(() => store(STORAGE.token, auth.token), [auth.token]);
    useEffect(() => store(STORAGE.expiresAt, expiresAt), [expiresAt]);

    // A new fetcher makes GraphiQL fetch the schema again: only once typing has paused.
    const settledTenant = useSettled(auth.tenant, 400);
    const settledToken = useSettled(auth.token, 400);
    const fetcher = useMemo(() => createFetcher(authRef), [settledTenant, settledToken]);

    // Renews the access token at `session.renewAt` while this page holds the session. The refresh
    // token is single-use: it is never sent twice (see renew).
    useEffect(() => {
      if (!session) return undefined;
      let cancelled = false;
      let timer = setTimeout(renew, Math.max(0, session.renewAt - Date.now()));
      async function renew() {
        const headers = mergeHeaders({ tenant: session.tenant }, { 'content-type': 'application/json' });
        const body = JSON.stringify({
          query: REFRESH,
          variables: { input: { refreshToken: session.refreshToken } },
          operationName: 'Refresh',
        });
        let res = null;
        let result = null;
        try {
          res = await fetch('/graphql', { method: 'POST', headers, body });
          result = await res.json().catch(() => null);
        } catch {
          // The request may have reached the server and spent the token: not sent again (a used
          // refresh token ends the whole session).
        }
        if (cancelled) return;
        const renewed = result && result.data && result.data.refreshSession;
        if (renewed) {
          setToken(renewed.accessToken);
          setExpiresAt(renewed.accessTokenExpiresAt);
          setSession(newSession(renewed, session.tenant));
          return;
        }
        // A gateway's 5xx without a GraphQL answer never reached the server: safe to try again.
        if (res && res.status >= 500 && !result && Date.now() + RENEW_RETRY_MS < session.expiresLocal) {
          timer = setTimeout(renew, RENEW_RETRY_MS);
          return;
        }
        setSession(null);
        const why = result ? describeErrors(result) : res ? `HTTP ${res.status}` : 'the connection failed';
        setStatus({ kind: 'error', text: `The session could not be renewed (${why}): sign in again.` });
      }
      return () => {
        cancelled = true;
        clearTimeout(timer);
      };
    }, [session]);

    async function signIn(event) {
      event.preventDefault();
      setBusy(true);
      setStatus({ kind: 'info', text: 'Signing in…' });
      try {
        const headers = mergeHeaders({ tenant: auth.tenant }, { 'content-type': 'application/json' });
        const result = await postGraphql(
          { query: LOGIN, variables: { input: { email: email.trim(), password } }, operationName: 'Login' },
          headers,
        );
        const login = result && result.data && result.data.login;
        if (!login) throw new Error(describeErrors(result));
        setToken(login.accessToken);
        setExpiresAt(login.accessTokenExpiresAt);
        setSession(newSession(login, auth.tenant));
        setPassword('');
        const where = auth.tenant ? `tenant ${auth.tenant}` : 'the platform';
        setStatus({ kind: 'ok', text: `Signed in as ${email.trim()} on ${where}.` });
      } catch (err) {
        setStatus({ kind: 'error', text: `Sign-in failed: ${err.message}` });
      } finally {
        setBusy(false);
      }
    }

    async function signOut() {
      // Ends the session on the server too when this page signed in (it holds the refresh token).
      if (session) {
        const headers = mergeHeaders({ tenant: session.tenant, token: auth.token }, { 'content-type': 'application/json' });
        const input = { refreshToken: session.refreshToken };
        await postGraphql({ query: LOGOUT, variables: { input }, operationName: 'Logout' }, headers).catch(() => undefined);
      }
      setToken('');
      setExpiresAt('');
      setSession(null);
      setStatus({ kind: 'info', text: session ? 'Signed out.' : 'Token cleared.' });
    }

    const expired = Boolean(auth.token && expiresAt && Date.parse(expiresAt) <= now);
    const tokenNote = !auth.token
      ? null
      : expired
        ? h('span', { className: 'pg-chip pg-error' }, 'expired')
        : expiresAt
          ? h(
              'span',
              { className: 'pg-chip', title: session ? `${expiresAt}, renewed before then` : expiresAt },
              session ? `until ${clock(expiresAt)} · renews itself` : `until ${clock(expiresAt)}`,
            )
          : null;

    const bar = h(
      'header',
      { className: 'pg-bar' },
      h('div', { className: 'pg-brand' }, h('span', { className: 'pg-mark' }, 'Leopard'), ' GraphQL'),
      h(Field, {
        label: 'Tenant',
        name: 'tenant',
        className: 'pg-tenant',
        value: tenant,
        placeholder: 'slug (empty: platform)',
        autoComplete: 'off',
        spellCheck: false,
        onChange: (e) => setTenant(e.target.value),
      }),
      h(
        'form',
        { className: 'pg-signin', onSubmit: signIn },
        h(Field, {
          label: 'Email',
          name: 'email',
          type: 'email',
          value: email,
          required: true,
          autoComplete: 'username',
          onChange: (e) => setEmail(e.target.value),
        }),
        h(Field, {
          label: 'Password',
          name: 'password',
          type: 'password',
          value: password,
          required: true,
          autoComplete: 'current-password',
          onChange: (e) => setPassword(e.target.value),
        }),
        h('button', { type: 'submit', className: 'pg-button pg-primary', disabled: busy }, busy ? 'Signing in…' : 'Sign in'),
      ),
      h(Field, {
        label: 'Token',
        name: 'token',
        className: 'pg-token',
        value: token,
        placeholder: 'access token (sent as Bearer)',
        autoComplete: 'off',
        spellCheck: false,
        onChange: (e) => {
          setToken(e.target.value);
          setExpiresAt('');
          setSession(null);
        },
      }),
      tokenNote,
      h('button', { type: 'button', className: 'pg-button', disabled: !auth.token, onClick: signOut }, 'Sign out'),
    );

    const notes = [HINT];
    if (!introspection) notes.push('Introspection is off on this server: no docs or completion.');
    const hint = h(
      'div',
      { className: 'pg-hint' },
      h('span', null, notes.join(' ')),
      status ? h('span', { className: `pg-status pg-${status.kind}`, role: 'status' }, status.text) : null,
    );

    return h('div', { className: 'pg-root' }, bar, hint, h('main', { className: 'pg-ide' }, h(Ide, { fetcher })));
  }

  ReactDOM.createRoot(document.getElementById('playground')).render(h(App));
})();
