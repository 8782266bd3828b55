// What the preload exposes, built over a recording IPC: one function per contract channel that
// invokes exactly that channel, and menu commands filtered against the contract.
import { describe, expect, it } from 'vitest';
import { CHANNELS, MENU_COMMANDS } from '../core/contract';
import { createBridge, type BridgeIpc } from './bridge';

function recordingIpc() {
  const invoked: [string, unknown][] = [];
  let menu: ((command: unknown, path: unknown) => void) | null = null;
  const ipc: BridgeIpc = {
    invoke: async (channel, request) => {
      invoked.push([channel, request]);
      return { data: channel };
    },
    onMenu: (listener) => {
      menu = listener;
      return () => {
        menu = null;
      };
    },
  };
  return { ipc, invoked, emit: (command: unknown, path?: unknown) => menu?.(command, path), subscribed: () => menu !== null };
}

describe('desktop bridge', () => {
  it('has one function per channel of the contract, each invoking its own channel', async () => {
    const { ipc, invoked } = recordingIpc();
    const bridge = createBridge(ipc);
    expect(Object.keys(bridge).sort()).toEqual(['api', 'onMenuCommand']);
    expect(Object.keys(bridge.api).sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) {
      const call = bridge.api[channel] as (request: unknown) => Promise<unknown>;
      expect(await call({ probe: channel })).toEqual({ data: channel });
    }
    expect(invoked).toEqual(CHANNELS.map((c) => [c, { probe: c }]));
  });

  it('passes known menu commands with their path, drops anything else, and unsubscribes', () => {
    const { ipc, emit, subscribed } = recordingIpc();
    const seen: unknown[][] = [];
    const off = createBridge(ipc).onMenuCommand((...args) => seen.push(args));
    for (const command of MENU_COMMANDS) emit(command);
    emit('open', '/w/a');
    emit('open', 42);
    emit('rm -rf', '/');
    emit({ toString: () => 'save' });
    expect(seen).toEqual([...MENU_COMMANDS.map((c) => [c]), ['open', '/w/a'], ['open']]);
    off();
    expect(subscribed()).toBe(false);
  });
});
