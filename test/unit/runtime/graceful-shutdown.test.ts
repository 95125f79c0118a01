import { EventEmitter } from 'node:events';
import { installGracefulShutdown } from '../../../src/runtime/graceful-shutdown';
import { memoryLogger } from '../../helpers/memory-logger';

function setup(close: () => Promise<void>) {
  const signals = new EventEmitter();
  const exits: number[] = [];
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const { logger, text } = memoryLogger();
  installGracefulShutdown({ signals, close, exit: (code) => exits.push(code), logger, timeoutMs: 25_000, setTimer: (fn, ms) => timers.push({ fn, ms }) });
  return { signals, exits, timers, text };
}

describe('graceful shutdown', () => {
  it('a drain that never ends is cut at LEADLOOP_SHUTDOWN_TIMEOUT_MS with exit 1, saying so', () => {
    const s = setup(() => new Promise<void>(() => undefined));
    s.signals.emit('SIGTERM');
    expect(s.timers.map((t) => t.ms)).toEqual([25_000]);
    expect(s.exits).toEqual([]);
    s.timers[0]!.fn(); // the deadline passes
    expect(s.exits).toEqual([1]);
    expect(s.text()).toContain('shutdown deadline passed');
  });

  it('a second signal exits at once', () => {
    const s = setup(() => new Promise<void>(() => undefined));
    s.signals.emit('SIGTERM');
    s.signals.emit('SIGINT');
    expect(s.exits).toEqual([1]);
  });

  it('a drain that finishes exits 0', async () => {
    const s = setup(() => Promise.resolve());
    s.signals.emit('SIGTERM');
    await new Promise((r) => setImmediate(r));
    expect(s.exits).toEqual([0]);
  });
});
