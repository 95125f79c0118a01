import { createTestStore } from '../helpers/test-database';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { NewWebhookEvent, Store } from '../../src/store/store-port';
import type { EventGroup, EventProcessor } from '../../src/processing/event-processor';
import { createEventWorker } from '../../src/worker/event-worker';
import { memoryLogger } from '../helpers/memory-logger';

let seq = 0;
function event(contactId: string, occurredAt: number, overrides: Partial<NewWebhookEvent> = {}): NewWebhookEvent {
  seq += 1;
  return {
    portalId: 1, subscriptionId: 1, eventId: String(seq), occurredAt, subscriptionType: 'contact.propertyChange',
    subjectKey: `1:contact:${contactId}`, objectId: contactId, propertyName: 'email', propertyValue: `v${seq}`,
    changeSource: 'CRM_UI', sourceId: null, attemptNumber: 0, payload: '{}', status: 'pending', ...overrides,
  };
}

async function tempStore(): Promise<Store> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-worker-'));
  return createTestStore(dir);
}

function recorder(fail: (g: EventGroup) => Error | null = () => null) {
  const calls: EventGroup[] = [];
  const processor: EventProcessor = {
    async process(group) {
      calls.push(group);
      const error = fail(group);
      if (error) throw error;
    },
  };
  return { calls, processor };
}

describe('event worker', () => {
  let store: Store;
  let clock: number;
  const now = () => clock;
  beforeEach(async () => {
    store = await tempStore();
    clock = 1_000_000;
  });
  afterEach(async () => {
    await store.close();
  });

  const worker = (processor: EventProcessor, extra: Partial<Parameters<typeof createEventWorker>[0]> = {}) =>
    createEventWorker({ store, processor, logger: memoryLogger().logger, pollMs: 10, leaseMs: 1000, maxAttempts: 3, maxSubjectsPerClaim: 100, now, random: () => 0, ...extra });

  it('groups events per contact and applies each contact\'s events in occurredAt order', async () => {
    await store.insertWebhookEvents([event('a', 30), event('b', 5), event('a', 10), event('a', 20)], clock);
    const { calls, processor } = recorder();
    expect(await worker(processor).runOnce()).toBe(4);
    const a = calls.find((g) => g.subjectKey === '1:contact:a')!;
    expect(a.events.map((e) => e.occurredAt)).toEqual([10, 20, 30]);
    expect(calls).toHaveLength(2);
    expect(await worker(processor).runOnce()).toBe(0);
  });

  it('retries a failure with backoff, then parks it as a dead letter with its reason', async () => {
    await store.insertWebhookEvents([event('a', 1)], clock);
    const { calls, processor } = recorder(() => new Error('CRM down'));
    const w = worker(processor);
    expect(await w.runOnce()).toBe(1);
    expect(await w.runOnce()).toBe(0); // backing off: not due yet
    clock += 500; // attempt 1, random 0 → 500 ms
    expect(await w.runOnce()).toBe(1);
    clock += 1000;
    expect(await w.runOnce()).toBe(1);
    expect(calls).toHaveLength(3);
    const dead = await store.listEvents('dead', 10);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ attempts: 3, lastError: 'Error: CRM down' });
    clock += 10_000_000;
    expect(await w.runOnce()).toBe(0);
    expect(await store.retryDeadEvents('all', clock)).toBe(1);
    expect(await w.runOnce()).toBe(1);
  });

  it('parks an error marked not retryable at once', async () => {
    await store.insertWebhookEvents([event('a', 1)], clock);
    const { processor } = recorder(() => Object.assign(new Error('property does not exist'), { code: 'CRM.VALIDATION', retryable: false }));
    await worker(processor).runOnce();
    expect(await store.listEvents('dead', 10)).toEqual([expect.objectContaining({ attempts: 1, lastError: 'CRM.VALIDATION: property does not exist' })]);
  });

  it('holds a contact\'s new events while an older one waits for its retry, so order is kept', async () => {
    await store.insertWebhookEvents([event('a', 1)], clock);
    let failing = true;
    const { calls, processor } = recorder(() => (failing ? new Error('boom') : null));
    const w = worker(processor);
    await w.runOnce();
    await store.insertWebhookEvents([event('a', 2), event('b', 1)], clock);
    failing = false;
    await w.runOnce();
    expect(calls.map((g) => g.subjectKey)).toEqual(['1:contact:a', '1:contact:b']);
    clock += 500;
    await w.runOnce();
    expect(calls[2]!.events.map((e) => e.occurredAt)).toEqual([1, 2]);
  });

  it('resumes events a crashed worker claimed once their lease expires, and not before', async () => {
    await store.insertWebhookEvents([event('a', 1)], clock);
    const claimed = await store.claimDueEvents('crashed-worker', clock, 1000, 10);
    expect(claimed).toHaveLength(1);
    const { calls, processor } = recorder();
    const w = worker(processor);
    expect(await w.runOnce()).toBe(0);
    clock += 1001;
    expect(await w.runOnce()).toBe(1);
    expect(calls).toHaveLength(1);
    expect(await store.queueCounts()).toEqual({ pending: 0, processing: 0, dead: 0 });
  });

  it('lets a processor see the whole claim first and settle batched work after; a settled failure is retried', async () => {
    await store.insertWebhookEvents([event('a', 1), event('b', 1), event('c', 1)], clock);
    const prepared: string[][] = [];
    const processor: EventProcessor = {
      prepare: (groups) => prepared.push(groups.map((g) => g.subjectKey)),
      process: async () => undefined,
      settle: async () => new Map([['1:contact:b', new Error('batch update failed')]]),
    };
    expect(await worker(processor).runOnce()).toBe(3);
    expect(prepared).toEqual([['1:contact:a', '1:contact:b', '1:contact:c']]);
    expect((await store.listEvents('done', 10)).map((e) => e.objectId).sort()).toEqual(['a', 'c']);
    expect(await store.listEvents('pending', 10)).toEqual([expect.objectContaining({ objectId: 'b', attempts: 1, lastError: 'Error: batch update failed' })]);
  });

  it('stop() drains the group in flight before resolving', async () => {
    await store.insertWebhookEvents([event('a', 1)], clock);
    let release!: () => void;
    let markStarted!: () => void;
    const started = new Promise<void>((r) => (markStarted = r));
    let processFinished = false;
    const processor: EventProcessor = {
      process: async () => {
        markStarted();
        await new Promise<void>((r) => (release = r));
        processFinished = true;
      },
    };
    // Records when the worker marks the claim done: the positive signal that the drained group was completed.
    const completed: number[][] = [];
    const recordingStore: Store = {
      ...store,
      completeEvents: async (ids, at) => {
        await store.completeEvents(ids, at);
        completed.push([...ids]);
      },
    };
    const w = worker(processor, { store: recordingStore });
    w.start();
    await started;
    // What had happened at the moment stop() resolved, whenever that was.
    const stopping = w.stop().then(() => ({ processFinished, completed: completed.length }));
    expect(w.isRunning()).toBe(false);
    // The group is released only after stop() was called and the loop has had a turn to return on its own.
    setImmediate(() => release());
    expect(await stopping).toEqual({ processFinished: true, completed: 1 });
    expect(completed).toEqual([[expect.any(Number)]]);
    expect(await store.listEvents('done', 10)).toHaveLength(1);
    expect(await store.listEvents('pending', 10)).toHaveLength(0);
  });
});

describe('event worker: a claim in hand keeps its lease (heartbeat)', () => {
  let store: Store;
  let clock: number;
  const now = () => clock;
  const LEASE = 1000;
  const RENEW_EVERY = 300;
  beforeEach(async () => {
    store = await tempStore();
    clock = 1_000_000;
    // Only the heartbeat's interval is faked: the store's I/O and the worker's turns of the event loop run as they do.
    jest.useFakeTimers({ doNotFake: ['Date', 'setImmediate', 'nextTick', 'queueMicrotask', 'hrtime', 'performance'] });
  });
  afterEach(async () => {
    jest.useRealTimers();
    await store.close();
  });
  const turns = async (n = 5) => {
    for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
  };
  /** A processor that holds its group until released; `started` resolves when it has it. */
  function holding() {
    let release!: () => void;
    let markStarted!: () => void;
    const started = new Promise<void>((r) => (markStarted = r));
    const processor: EventProcessor = {
      process: async () => {
        markStarted();
        await new Promise<void>((r) => (release = r));
      },
    };
    return { processor, started, release: () => release() };
  }
  const worker = (processor: EventProcessor, extra: Partial<Parameters<typeof createEventWorker>[0]> = {}) =>
    createEventWorker({ store, processor, logger: memoryLogger().logger, pollMs: 10, leaseMs: LEASE, renewEveryMs: RENEW_EVERY, maxAttempts: 3, maxSubjectsPerClaim: 100, now, random: () => 0, ...extra });

  it('renews the lease of a claim held past it, so no other worker takes its subject up; the claim then finishes as usual', async () => {
    await store.insertWebhookEvents([event('a', 1)], clock);
    const renewals: number[] = [];
    const watched: Store = { ...store, renewClaim: async (...args) => (renewals.push(args[2]), store.renewClaim(...args)) };
    const { processor, started, release } = holding();
    const holder = worker(processor, { store: watched }).runOnce();
    await started;
    // 900 ms on: the heartbeat renews to 900 + the lease.
    clock += 900;
    jest.advanceTimersByTime(RENEW_EVERY);
    await turns();
    expect(renewals).toEqual([clock + LEASE]);
    // Past the lease it was claimed with, within the renewed one: another worker finds nothing to take.
    clock += 900;
    const other = recorder();
    expect(await worker(other.processor).runOnce()).toBe(0);
    release();
    expect(await holder).toBe(1);
    expect(other.calls).toEqual([]);
    expect(await store.queueCounts()).toEqual({ pending: 0, processing: 0, dead: 0 });
  });

  it('stops renewing once the claim is finished, or given up because the claim could not be processed', async () => {
    await store.insertWebhookEvents([event('a', 1)], clock);
    // Renewals counted on fake time: a heartbeat left running would surely fire within three of its intervals.
    let renewals = 0;
    const watched: Store = { ...store, renewClaim: async (...args) => ((renewals += 1), store.renewClaim(...args)) };
    const { processor, started, release } = holding();
    const holder = worker(processor, { store: watched }).runOnce();
    await started;
    jest.advanceTimersByTime(RENEW_EVERY);
    await turns();
    expect(renewals).toBe(1); // the heartbeat, while the claim is in hand
    release();
    await holder;
    jest.advanceTimersByTime(3 * RENEW_EVERY);
    await turns();
    expect(renewals).toBe(1);

    await store.insertWebhookEvents([event('b', 1)], clock);
    const failing: EventProcessor = {
      prepare: () => {
        throw new Error('prepare failed');
      },
      process: async () => undefined,
    };
    const w = worker(failing, { store: watched });
    await expect(w.runOnce()).rejects.toThrow('prepare failed');
    jest.advanceTimersByTime(3 * RENEW_EVERY);
    await turns();
    expect(renewals).toBe(1);
    // Given up to its lease: not stalled on this worker's account, and taken up again once the lease ends.
    expect(w.stalledSince()).toBeNull();
    clock += LEASE + 1;
    expect(await worker(recorder().processor).runOnce()).toBe(1);
  });

  it('warns when a renewal finds part of the claim gone while in hand, and not when the claim was being finished', async () => {
    await store.insertWebhookEvents([event('a', 1)], clock);
    const { logger, lines } = memoryLogger();
    const warnings = () => lines().filter((l) => l.includes('part of a claim was taken up'));
    // Renewals answered by hand: the first finds the claim gone (another worker took it up), the second is held
    // until the claim has been finished and then answers what the store says (nothing left to renew).
    const answers: Array<(n: number) => void> = [];
    const byHand: Store = { ...store, renewClaim: () => new Promise<number>((r) => answers.push(r)) };
    const { processor, started, release } = holding();
    const holder = worker(processor, { store: byHand, logger }).runOnce();
    await started;
    jest.advanceTimersByTime(RENEW_EVERY);
    await turns();
    answers[0]!(0);
    await turns();
    expect(warnings()).toHaveLength(1);
    jest.advanceTimersByTime(RENEW_EVERY);
    await turns();
    expect(answers).toHaveLength(2);
    release();
    expect(await holder).toBe(1);
    answers[1]!(0);
    await turns();
    expect(warnings()).toHaveLength(1);
  });

  it('logs a renewal that failed and keeps the claim; it finishes as usual', async () => {
    await store.insertWebhookEvents([event('a', 1)], clock);
    const { logger, lines } = memoryLogger();
    const failingRenewal: Store = { ...store, renewClaim: async () => Promise.reject(new Error('connection reset')) };
    const { processor, started, release } = holding();
    const holder = worker(processor, { store: failingRenewal, logger }).runOnce();
    await started;
    jest.advanceTimersByTime(RENEW_EVERY);
    await turns();
    expect(lines().map((l) => JSON.parse(l) as { level: string; message: string })).toEqual(
      expect.arrayContaining([expect.objectContaining({ level: 'warn', message: 'could not renew a claim; its lease runs on' })]),
    );
    release();
    expect(await holder).toBe(1);
    expect(await store.queueCounts()).toEqual({ pending: 0, processing: 0, dead: 0 });
  });
});

describe('event worker, one claim finishing while the next is processed', () => {
  let store: Store;
  let clock: number;
  /** Stopped after each test, also one that failed before its own stop(): no timer left to hold jest open. */
  let workers: Array<ReturnType<typeof createEventWorker>>;
  beforeEach(async () => {
    store = await tempStore();
    clock = 1_000_000;
    workers = [];
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await store.close();
  });

  /** A promise and its resolve, to hold one step of the worker until the test lets it go. */
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    return { open, opened };
  };
  /** The store, recording each completion by the subjects of the events it marks done. */
  const completionsOf = (log: string[]): Store => ({
    ...store,
    completeEvents: async (ids, at) => {
      const done = (await store.listEvents('processing', 100)).filter((e) => ids.includes(e.id)).map((e) => e.objectId);
      await store.completeEvents(ids, at);
      log.push(...[...new Set(done)].map((id) => `complete:${id}`));
    },
  });
  const start = (processor: EventProcessor, s: Store) => {
    const w = createEventWorker({ store: s, processor, logger: memoryLogger().logger, pollMs: 5, leaseMs: 60_000, maxAttempts: 3, maxSubjectsPerClaim: 1, now: () => clock, random: () => 0 });
    workers.push(w);
    w.start();
    return w;
  };

  it('processes the next claim while the one before settles, and finishes claims one at a time, in order', async () => {
    await store.insertWebhookEvents([event('a', 1), event('b', 2), event('c', 3)], clock);
    const log: string[] = [];
    const bProcessed = gate();
    const allDone = gate();
    const processor: EventProcessor = {
      async process(group) {
        const id = group.events[0]!.objectId;
        log.push(`process:${id}`);
        if (id === 'b') bProcessed.open();
      },
      async settle(subjects) {
        const ids = [...subjects!].map((k) => k.split(':')[2]);
        log.push(`settle:${ids.join(',')}`);
        // Claim a's CRM writes settle only once claim b has been processed: a worker that waited would never get there.
        if (ids.includes('a')) await bProcessed.opened;
        log.push(`settled:${ids.join(',')}`);
        if (ids.includes('c')) allDone.open();
        return new Map();
      },
    };
    const recording = completionsOf(log);
    const w = start(processor, recording);
    await allDone.opened;
    await w.stop();
    const at = (entry: string) => log.indexOf(entry);
    expect(at('process:b')).toBeGreaterThan(at('settle:a'));
    expect(at('process:b')).toBeLessThan(at('settled:a'));
    // One claim finishing at a time: b's settle starts once a is marked done.
    expect(at('complete:a')).toBeLessThan(at('settle:b'));
    expect(at('complete:b')).toBeLessThan(at('settle:c'));
    // stop() waited for the last claim to be marked done.
    expect(log.filter((e) => e.startsWith('complete:'))).toEqual(['complete:a', 'complete:b', 'complete:c']);
    expect(await store.queueCounts()).toEqual({ pending: 0, processing: 0, dead: 0 });
  });

  it("leaves a subject's newer events until its claim has finished, and takes other subjects meanwhile", async () => {
    await store.insertWebhookEvents([event('a', 1)], clock);
    const log: string[] = [];
    const bProcessed = gate();
    const aAgain = gate();
    const processor: EventProcessor = {
      async process(group) {
        log.push(`process:${group.events.map((e) => `${e.objectId}${e.occurredAt}`).join(',')}`);
        // While a's first claim is in hand: a newer event of a, and one of b.
        if (group.events[0]!.occurredAt === 1) await store.insertWebhookEvents([event('a', 2), event('b', 3)], clock);
        if (group.events[0]!.objectId === 'b') bProcessed.open();
        if (group.events[0]!.occurredAt === 2) aAgain.open();
      },
      async settle(subjects) {
        // a's first claim settles only once b was processed: the claim taken meanwhile held b, not a's newer event.
        if (subjects!.has('1:contact:a') && !log.includes('process:b3')) await bProcessed.opened;
        return new Map();
      },
    };
    const w = start(processor, completionsOf(log));
    await aAgain.opened;
    await w.stop();
    expect(log.slice(0, 3)).toEqual(['process:a1', 'process:b3', 'complete:a']);
    expect(log.indexOf('process:a2')).toBeGreaterThan(log.indexOf('complete:a'));
  });

  it("claims a subject's newer events as soon as its claim has finished, not a poll later", async () => {
    await store.insertWebhookEvents([event('a', 1)], clock);
    const seen: number[] = [];
    const settleA = gate();
    const a2Processed = gate();
    // A claim that comes up empty while a's claim settles lets a's settle end: the worker is then in its idle wait.
    const watching: Store = {
      ...store,
      claimDueEvents: async (...args) => {
        const claimed = await store.claimDueEvents(...args);
        if (claimed.length === 0 && seen.length === 1) settleA.open();
        return claimed;
      },
    };
    const processor: EventProcessor = {
      async process(group) {
        seen.push(group.events[0]!.occurredAt);
        if (group.events[0]!.occurredAt === 1) await store.insertWebhookEvents([event('a', 2)], clock);
        else a2Processed.open();
      },
      async settle() {
        if (seen.length === 1) await settleA.opened;
        return new Map();
      },
    };
    // A poll far longer than the test may take: only the end of a's claim can start the next one in time.
    const w = createEventWorker({ store: watching, processor, logger: memoryLogger().logger, pollMs: 600_000, leaseMs: 60_000, maxAttempts: 3, maxSubjectsPerClaim: 1, now: () => clock, random: () => 0 });
    workers.push(w);
    w.start();
    await a2Processed.opened;
    await w.stop();
    expect(seen).toEqual([1, 2]);
  });

  it('reports a claim stalled behind the one that finished: progress resets the wait, it does not end it', async () => {
    await store.insertWebhookEvents([event('a', 1), event('b', 2)], clock);
    const aDone = gate();
    const bStarted = gate();
    const bHeld = gate();
    const log: string[] = [];
    const recording = completionsOf(log);
    const s: Store = { ...recording, completeEvents: async (ids, at) => (await recording.completeEvents(ids, at), aDone.open()) };
    const processor: EventProcessor = {
      async process(group) {
        if (group.events[0]!.objectId !== 'b') return;
        bStarted.open();
        await bHeld.opened; // b hangs (a HubSpot call that never answers)
      },
    };
    const w = start(processor, s);
    try {
      await Promise.all([aDone.opened, bStarted.opened]);
      expect(log).toEqual(['complete:a']);
      const progressAt = clock;
      expect(w.stalledSince()).toBeNull();
      clock += 60_001; // past the lease, with b still in hand
      expect(w.stalledSince()).toBe(progressAt);
    } finally {
      bHeld.open();
    }
  });

  it('logs a claim it could not mark done and goes on; the events are taken up again once their lease ends', async () => {
    await store.insertWebhookEvents([event('a', 1), event('b', 2)], clock);
    const { logger, lines } = memoryLogger();
    const seen: string[] = [];
    const bSeen = gate();
    let failOnce = true;
    const failing: Store = {
      ...store,
      completeEvents: async (ids, at) => {
        if (failOnce) {
          failOnce = false;
          throw new Error('connection lost');
        }
        await store.completeEvents(ids, at);
      },
    };
    const processor: EventProcessor = {
      async process(group) {
        seen.push(group.events[0]!.objectId ?? '');
        if (group.events[0]!.objectId === 'b') bSeen.open();
      },
    };
    const w = createEventWorker({ store: failing, processor, logger, pollMs: 5, leaseMs: 60_000, maxAttempts: 3, maxSubjectsPerClaim: 1, now: () => clock, random: () => 0 });
    workers.push(w);
    w.start();
    await bSeen.opened;
    await w.stop();
    expect(seen).toEqual(['a', 'b']);
    expect(lines().filter((l) => (JSON.parse(l) as { message: string }).message === 'worker could not finish a claim')).toHaveLength(1);
    expect(await store.queueCounts()).toEqual({ pending: 0, processing: 1, dead: 0 });
  });
});

describe('event worker after a slow round while deliveries arrive', () => {
  it('claims the next due events promptly, however long the round took on its clock (was: rested twice the round)', async () => {
    const store = await tempStore();
    let clock = 1_000_000;
    const seen: string[] = [];
    let done!: () => void;
    const second = new Promise<void>((resolve) => (done = resolve));
    // eslint-disable-next-line prefer-const
    let w: ReturnType<typeof createEventWorker>;
    const processor: EventProcessor = {
      async process(group) {
        seen.push(group.subjectKey);
        if (group.subjectKey === '1:contact:slow') {
          clock += 105_000; // 3 requests per 10 s and 502s: the round waited in the limiter
          await store.insertWebhookEvents([event('next', clock)], clock);
          w.wake(); // a delivery arrived during the round
        } else done();
      },
    };
    w = createEventWorker({ store, processor, logger: memoryLogger().logger, pollMs: 10, leaseMs: 30_000, maxAttempts: 3, maxSubjectsPerClaim: 100, now: () => clock, random: () => 0 });
    await store.insertWebhookEvents([event('slow', clock)], clock);
    w.start();
    try {
      await second; // jest's 5 s timeout fails the test if the worker rests for the round's 210 s
      expect(seen).toEqual(['1:contact:slow', '1:contact:next']);
    } finally {
      await w.stop();
      await store.close();
    }
  });
});
