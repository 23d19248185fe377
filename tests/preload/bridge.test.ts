import { describe, expect, it } from 'vitest';
import { makeBridge, type BridgeIpc } from '../../src-main/preload/bridge';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** A stand-in for ipcRenderer that records calls and lets the test push events. */
function fakeIpc() {
  const listeners = new Map<string, Set<Listener>>();
  const invoked: unknown[][] = [];
  const ipc: BridgeIpc = {
    invoke: (channel, ...args) => {
      invoked.push([channel, ...args]);
      return Promise.resolve({ ok: true, value: null });
    },
    on: (channel, l) => {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(l);
    },
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  // The real IPC event carries `sender`: ipcRenderer itself.
  const secretEvent = { sender: { send: () => 'ipcRenderer' } };
  const push = (channel: string, ...args: unknown[]) => {
    for (const l of listeners.get(channel) ?? []) l(secretEvent, ...args);
  };
  return { ipc, invoked, push, count: (channel: string) => listeners.get(channel)?.size ?? 0 };
}

describe('preload bridge', () => {
  it('exposes exactly invoke and on', () => {
    expect(Object.keys(makeBridge(fakeIpc().ipc)).sort()).toEqual(['invoke', 'on']);
  });

  it('sends every call on the one rpc channel as (method, input)', async () => {
    const f = fakeIpc();
    await makeBridge(f.ipc).invoke('auth.status', {});
    expect(f.invoked).toEqual([['rpc', 'auth.status', {}]]);
  });

  it('refuses a non-string method before it reaches IPC', async () => {
    const f = fakeIpc();
    const bridge = makeBridge(f.ipc);
    const bad = bridge.invoke as unknown as (m: unknown, i: unknown) => Promise<unknown>;
    await expect(bad({ toString: () => 'auth.status' }, {})).rejects.toThrow(TypeError);
    expect(f.invoked).toEqual([]);
  });

  it('delivers only the named event, with only its payload (never the IPC event)', () => {
    const f = fakeIpc();
    const got: unknown[][] = [];
    makeBridge(f.ipc).on('session.locked', (...args: unknown[]) => got.push(args));
    f.push('event', 'job.progress', { jobId: 'j', done: 1, total: 2, phase: 'x' });
    f.push('event', 'session.locked', { reason: 'idle' });
    expect(got).toEqual([[{ reason: 'idle' }]]);
  });

  it('unsubscribes, once', () => {
    const f = fakeIpc();
    const got: unknown[] = [];
    const off = makeBridge(f.ipc).on('session.ended', (p) => got.push(p));
    expect(f.count('event')).toBe(1);
    off();
    off();
    expect(f.count('event')).toBe(0);
    f.push('event', 'session.ended', { reason: 'logout' });
    expect(got).toEqual([]);
  });
});
