// Presence's protocol between processes, on an in-memory bus whose messages the test delivers
// (in order, out of order, or not at all), so each way a NOTIFY can go wrong is played out. The
// HTTP side (onlineUsers, scope, other processes) is in test/subscriptions*.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RealtimeBus, RealtimeMessage } from '../src/realtime/bus.js';
import { presenceOf, type PresenceOptions } from '../src/realtime/presence.js';

/** Buses of several "processes" sharing one channel; `deliver` hands the queued messages to every bus, as NOTIFY does. */
function network() {
  const queue: RealtimeMessage[] = [];
  const buses: { listeners: Set<(m: RealtimeMessage) => void>; gaps: Set<() => void> }[] = [];
  return {
    queue,
    bus(): RealtimeBus & { gap(): void } {
      const me = { listeners: new Set<(m: RealtimeMessage) => void>(), gaps: new Set<() => void>() };
      buses.push(me);
      return {
        publish: async (m) => void queue.push(structuredClone(m)),
        publishOnCommit: async () => undefined,
        subscribe: (l) => (me.listeners.add(l), () => void me.listeners.delete(l)),
        onGap: (l) => (me.gaps.add(l), () => void me.gaps.delete(l)),
        stop: async () => undefined,
        gap: () => me.gaps.forEach((g) => g()),
      };
    },
    /** Delivers what is queued (and whatever that makes the processes send), in the order given by `order`. */
    deliver(order: (q: RealtimeMessage[]) => RealtimeMessage[] = (q) => q) {
      for (let round = 0; queue.length && round < 10; round++) {
        const batch = order(queue.splice(0));
        for (const m of batch) for (const b of buses) b.listeners.forEach((l) => l(m));
      }
    },
  };
}

const S = 'tenant_a';
const opts: PresenceOptions = { beatMs: 1000, expireMs: 3500 };

afterEach(() => vi.useRealTimers());

describe('presence between processes', () => {
  it('a process hears the users of another, and forgets each when its last stream there closes', () => {
    const net = network();
    const [one, two] = [presenceOf(net.bus(), opts), presenceOf(net.bus(), opts)];
    const a1 = one.track(S, 'a');
    const a2 = one.track(S, 'a');
    const b = one.track(S, 'b');
    one.track('tenant_other', 'c');
    net.deliver();
    expect([...two.online(S)].sort()).toEqual(['a', 'b']);
    expect([...two.online('tenant_other')]).toEqual(['c']);
    a1();
    b();
    net.deliver();
    expect([...two.online(S)]).toEqual(['a']);
    a2();
    net.deliver();
    expect([...two.online(S)]).toEqual([]);
    // Its own streams a process knows without the bus.
    expect([...one.online('tenant_other')]).toEqual(['c']);
  });

  it('an older set arriving after a newer one is ignored', () => {
    const net = network();
    const [one, two] = [presenceOf(net.bus(), opts), presenceOf(net.bus(), opts)];
    net.deliver();
    const leave = one.track(S, 'a');
    leave();
    // Online, then offline: delivered the other way round.
    net.deliver((q) => [...q].reverse());
    expect([...two.online(S)]).toEqual([]);
  });

  it('a set too large for one message arrives in parts and counts only once complete', () => {
    const net = network();
    const [one, two] = [presenceOf(net.bus(), opts), presenceOf(net.bus(), opts)];
    net.deliver();
    const ids = Array.from({ length: 150 }, (_, i) => `u${i}`);
    ids.forEach((id) => one.track(S, id));
    // Each track sends the whole set again: keep only the last one (two parts) and hold back its second part.
    const parts = net.queue.splice(0).filter((m) => m.kind === 'presence' && m.seq === 150);
    expect(parts.map((m) => (m as { part: number }).part)).toEqual([0, 1]);
    net.queue.push(parts[0]!);
    net.deliver();
    expect(two.online(S).size).toBe(0);
    net.queue.push(parts[1]!);
    net.deliver();
    expect([...two.online(S)].sort()).toEqual([...ids].sort());
  });

  it('a process that starts later, or whose connection had a gap, asks for the sets and gets them', () => {
    const net = network();
    const one = presenceOf(net.bus(), opts);
    one.track(S, 'a');
    net.deliver();
    const later = presenceOf(net.bus(), opts);
    net.deliver();
    expect([...later.online(S)]).toEqual(['a']);
    const bus = net.bus();
    const third = presenceOf(bus, opts);
    net.deliver();
    one.track(S, 'b');
    // Lost while third's connection was down.
    net.queue.splice(0);
    expect([...third.online(S)]).toEqual(['a']);
    bus.gap();
    net.deliver();
    expect([...third.online(S)].sort()).toEqual(['a', 'b']);
  });

  it('a beat that disagrees with the sets held asks that process again: at once when nothing it counted is still unheard', () => {
    vi.useFakeTimers();
    const net = network();
    const [one, two] = [presenceOf(net.bus(), opts), presenceOf(net.bus(), opts)];
    net.deliver();
    one.track(S, 'a');
    net.deliver();
    one.track('tenant_b', 'x');
    net.queue.splice(0);
    one.track(S, 'b');
    net.deliver();
    expect([...two.online('tenant_b')]).toEqual([]);
    vi.advanceTimersByTime(1000);
    net.deliver();
    expect([...two.online('tenant_b')]).toEqual(['x']);
    expect([...two.online(S)].sort()).toEqual(['a', 'b']);
  });

  it('…and at the next beat when the last set counted never came (it may just have been on its way)', () => {
    vi.useFakeTimers();
    const net = network();
    const [one, two] = [presenceOf(net.bus(), opts), presenceOf(net.bus(), opts)];
    net.deliver();
    one.track(S, 'a');
    net.queue.splice(0);
    vi.advanceTimersByTime(1000);
    net.deliver();
    expect([...two.online(S)]).toEqual([]);
    vi.advanceTimersByTime(1000);
    net.deliver();
    expect([...two.online(S)]).toEqual(['a']);
  });

  it('the users of a process that stops beating are forgotten after expireMs', () => {
    vi.useFakeTimers();
    const net = network();
    const gone = net.bus();
    const [one, two] = [presenceOf(gone, opts), presenceOf(net.bus(), opts)];
    one.track(S, 'a');
    net.deliver();
    expect([...two.online(S)]).toEqual(['a']);
    // "Crashed": from now on nothing of process one reaches the others.
    gone.publish = async () => undefined;
    vi.advanceTimersByTime(3000);
    net.deliver();
    expect([...two.online(S)]).toEqual(['a']);
    vi.advanceTimersByTime(1000);
    net.deliver();
    expect([...two.online(S)]).toEqual([]);
  });
});
