// Who has an open stream, on any process: each process knows its own streams, and shares, per
// tenant, the set of its users with one open whenever that set changes (a user's first stream
// opened, its last one closed). Every process keeps the sets of the others in memory, so asking
// who is online costs a map lookup, never a query or a message. Messages may arrive out of order
// (each NOTIFY may go out on another pooled connection), so each set carries a sequence number and
// a newer set replaces an older one whole. A process that starts, or whose LISTEN connection had a
// gap, asks the others for their sets; a process that stops beating for a while is forgotten (a
// crashed process cannot say goodbye). No table: nothing to clean up, nothing per request.
import { randomUUID } from 'node:crypto';
import type { RealtimeBus, RealtimeMessage } from './bus.js';

/** Ids per message: a NOTIFY payload is at most 8000 bytes. */
const PART_SIZE = 100;

export interface PresenceOptions {
  /** How often this process says it is alive. */
  beatMs?: number;
  /** How long without a beat before another process's users count as gone. */
  expireMs?: number;
}

export interface Presence {
  /** A stream of the user opened on this process; returns the function to call when it ends. */
  track(schema: string, userId: string): () => void;
  /** Ids of the tenant's users with an open stream on any process. */
  online(schema: string): Set<string>;
}

type PresenceMessage = Extract<RealtimeMessage, { kind: 'presence' | 'presenceBeat' | 'presenceSync' }>;

interface Remote {
  seenAt: number;
  /** Per tenant schema: the latest complete set and its sequence number. */
  sets: Map<string, { seq: number; users: Set<string> }>;
  /** Sets arriving in parts, by schema. */
  partial: Map<string, { seq: number; users: Set<string>; parts: number; got: number }>;
  /**
   * The sequence numbers of sets that went empty, kept for a beat only (an older, fuller set may
   * still be on its way), so a tenant nobody is online in costs nothing after that.
   */
  emptied: Map<string, { seq: number; at: number }>;
  /** The highest sequence number heard from the process. */
  maxSeq: number;
  /** A beat's sequence number whose sets had not all arrived when it came: checked at the next beat. */
  suspect?: number;
}

const trackers = new WeakMap<RealtimeBus, Presence>();

/** The presence of `bus`'s processes, created on first use (one per bus, hence per process). */
export function presenceOf(bus: RealtimeBus, options: PresenceOptions = {}): Presence {
  let presence = trackers.get(bus);
  if (!presence) trackers.set(bus, (presence = createPresence(bus, options)));
  return presence;
}

function createPresence(bus: RealtimeBus, { beatMs = 10_000, expireMs = 35_000 }: PresenceOptions): Presence {
  const me = randomUUID();
  /** This process: per schema, per user, how many streams are open. */
  const local = new Map<string, Map<string, number>>();
  const remotes = new Map<string, Remote>();
  let seq = 0;

  const send = (message: PresenceMessage) =>
    // Best effort: a lost set is repaired by the next change, a resync or the expiry.
    void bus.publish(message).catch(() => undefined);

  function announce(schema: string): void {
    const users = [...(local.get(schema)?.keys() ?? [])];
    const parts = Math.max(1, Math.ceil(users.length / PART_SIZE));
    const at = ++seq;
    for (let part = 0; part < parts; part++)
      send({
        kind: 'presence',
        process: me,
        schema,
        seq: at,
        part,
        parts,
        users: users.slice(part * PART_SIZE, (part + 1) * PART_SIZE),
      });
  }

  function remote(process: string): Remote {
    let r = remotes.get(process);
    if (!r)
      remotes.set(process, (r = { seenAt: Date.now(), sets: new Map(), partial: new Map(), emptied: new Map(), maxSeq: 0 }));
    r.seenAt = Date.now();
    return r;
  }

  /** Forgets what we know of `process` (every process, without one) and asks it for its sets again. */
  function resync(process?: string): void {
    if (process) remotes.delete(process);
    else remotes.clear();
    send({ kind: 'presenceSync', from: me, ...(process ? { target: process } : {}) });
  }

  const total = (r: Remote) => [...r.sets.values()].reduce((n, set) => n + set.users.size, 0);

  /**
   * A beat says how many users the process has online as of its sequence number. A difference
   * with everything up to that number heard is a lost set; with some still unheard, they may be
   * on their way, so it is only a loss if they have not come by the next beat.
   */
  function checkBeat(process: string, r: Remote, beat: { seq: number; size: number }): void {
    if (beat.size === total(r)) return void (r.suspect = undefined);
    if (r.maxSeq >= beat.seq || (r.suspect !== undefined && r.maxSeq < r.suspect)) return resync(process);
    r.suspect = beat.seq;
  }

  function receive(m: RealtimeMessage): void {
    if (m.kind === 'presenceSync') {
      if (m.from !== me && (!m.target || m.target === me)) for (const schema of local.keys()) announce(schema);
      return;
    }
    if ((m.kind !== 'presence' && m.kind !== 'presenceBeat') || m.process === me) return;
    const r = remote(m.process);
    if (m.kind === 'presenceBeat') return checkBeat(m.process, r, m);
    r.maxSeq = Math.max(r.maxSeq, m.seq);
    const latest = r.sets.get(m.schema)?.seq ?? r.emptied.get(m.schema)?.seq;
    if (latest !== undefined && latest >= m.seq) return;
    let partial = r.partial.get(m.schema);
    if (!partial || partial.seq < m.seq)
      r.partial.set(m.schema, (partial = { seq: m.seq, users: new Set(), parts: m.parts, got: 0 }));
    if (partial.seq !== m.seq) return;
    m.users.forEach((u) => partial.users.add(u));
    if (++partial.got < partial.parts) return;
    r.partial.delete(m.schema);
    if (partial.users.size) {
      r.sets.set(m.schema, { seq: m.seq, users: partial.users });
      r.emptied.delete(m.schema);
    } else {
      r.sets.delete(m.schema);
      r.emptied.set(m.schema, { seq: m.seq, at: Date.now() });
    }
  }

  bus.subscribe(receive);
  // Sets sent while the LISTEN connection was down are gone: ask for them all again.
  bus.onGap(() => resync());
  resync();
  const beat = setInterval(() => {
    let size = 0;
    for (const users of local.values()) size += users.size;
    send({ kind: 'presenceBeat', process: me, seq, size });
    const cutoff = Date.now() - expireMs;
    for (const [process, r] of remotes) {
      if (r.seenAt < cutoff) remotes.delete(process);
      else for (const [schema, e] of r.emptied) if (e.at < Date.now() - beatMs) r.emptied.delete(schema);
    }
  }, beatMs);
  beat.unref();

  return {
    track(schema, userId) {
      let users = local.get(schema);
      if (!users) local.set(schema, (users = new Map()));
      const open = users.get(userId) ?? 0;
      users.set(userId, open + 1);
      if (open === 0) announce(schema);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (users.get(userId) ?? 1) - 1;
        if (left > 0) return void users.set(userId, left);
        users.delete(userId);
        announce(schema);
        if (users.size === 0) local.delete(schema);
      };
    },
    online(schema) {
      const ids = new Set(local.get(schema)?.keys() ?? []);
      const cutoff = Date.now() - expireMs;
      for (const r of remotes.values()) {
        if (r.seenAt < cutoff) continue;
        r.sets.get(schema)?.users.forEach((u) => ids.add(u));
      }
      return ids;
    },
  };
}
