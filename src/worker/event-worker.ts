import { randomUUID } from 'node:crypto';
import type { Logger } from '../log/create-logger';
import type { Metrics } from '../http/metrics';
import { isRetryable, type EventGroup, type EventProcessor } from '../processing/event-processor';
import type { StoredEvent, Store } from '../store/store-port';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';

export interface WorkerOptions {
  store: Store;
  processor: EventProcessor;
  logger: Logger;
  metrics?: Metrics;
  pollMs: number;
  leaseMs: number;
  /** How often a claim in hand has its lease renewed (default: a third of the lease). */
  renewEveryMs?: number;
  maxAttempts: number;
  maxSubjectsPerClaim: number;
  /** After new events are stored, wait this long before claiming, so events close together share a batch. */
  coalesceMs?: number;
  /** Subjects processed at once; events of one subject are always applied one after another. */
  concurrency?: number;
  backoff?: BackoffOptions;
  now?: () => number;
  random?: () => number;
}

export interface EventWorker {
  readonly id: string;
  start(): void;
  /** Stops claiming, waits for what is in flight, then resolves. */
  stop(): Promise<void>;
  isRunning(): boolean;
  /**
   * When due events have waited without progress for longer than the lease (a claim not settled, or claims
   * failing): since when. Null while the worker keeps up. `/readyz` reports it.
   */
  stalledSince(): number | null;
  /** Claims and processes one batch now; returns how many events it handled. */
  runOnce(): Promise<number>;
  /** Ends the idle wait early, after the coalescing window (new events were stored). */
  wake(): void;
}

function groupBySubject(events: readonly StoredEvent[]): EventGroup[] {
  const groups = new Map<string, StoredEvent[]>();
  for (const e of events) {
    const list = groups.get(e.subjectKey);
    if (list) list.push(e);
    else groups.set(e.subjectKey, [e]);
  }
  return [...groups.entries()].map(([subjectKey, list]) => ({ subjectKey, portalId: list[0]!.portalId, events: list }));
}

/** During bursts the worker rests this many times as long as its last round took. */
const INTAKE_SHARE_RATIO = 2;

/**
 * The most the worker ever rests: the rest gives the intake the event loop back after CPU-bound rounds (SQLite
 * is synchronous). A round that was long because it waited on HubSpot (rate limit, retries of 502s) used no CPU;
 * resting twice its length left due work and expired leases untouched for minutes in the fault test.
 */
export const MAX_INTAKE_REST_MS = 500;

/** How long the worker rests after a round during which deliveries arrived. */
export function restAfterRound(roundMs: number): number {
  return Math.min(INTAKE_SHARE_RATIO * Math.max(0, roundMs), MAX_INTAKE_REST_MS);
}

/** Claimed events, grouped by subject, and the heartbeat that keeps their lease while they are in hand. */
interface Claim {
  groups: EventGroup[];
  /** Stops the lease renewals (idempotent); a renewal in flight then reports nothing. */
  stopHeartbeat: () => void;
}

export function createEventWorker(o: WorkerOptions): EventWorker {
  const id = `worker-${randomUUID()}`;
  const now = o.now ?? Date.now;
  const random = o.random ?? Math.random;
  const concurrency = o.concurrency ?? 4;
  let running = false;
  let loop: Promise<void> | null = null;
  let wakeUp: ((immediately?: boolean) => void) | null = null;
  let wakes = 0;
  const coalesceMs = o.coalesceMs ?? 0;
  /** Since when due events have waited for this worker: a claim in hand, or a claim that failed. Null when caught up. */
  let waitingSince: number | null = null;
  /** Claims taken and not finished yet (at most two: one processing, the one before finishing). */
  let claimsInHand = 0;

  /** Runs a group; returns its error, if any. */
  async function tryProcess(group: EventGroup): Promise<unknown> {
    try {
      await o.processor.process(group);
      return null;
    } catch (error) {
      return error ?? new Error('processing failed');
    }
  }

  /** Records a group's failure: retry with backoff, or park as dead letters. */
  async function fail(group: EventGroup, error: unknown): Promise<void> {
    const ids = group.events.map((e) => e.id);
    // Every event of the group shares the fate of the group: they are applied together, in order.
    const attempts = Math.max(...group.events.map((e) => e.attempts)) + 1;
    const dead = !isRetryable(error) || attempts >= o.maxAttempts;
    const message = error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
    await o.store.failEvents(ids, {
      error: message,
      dead,
      nextAttemptAt: now() + backoffDelay(attempts, random(), o.backoff ?? DEFAULT_BACKOFF),
    });
    (dead ? o.metrics?.eventsDead : o.metrics?.eventsFailed)?.inc(ids.length);
    o.logger.warn(dead ? 'events parked as dead letters' : 'event processing failed, will retry', {
      portalId: group.portalId,
      subject: group.subjectKey,
      eventIds: group.events.map((e) => e.eventId),
      attempts,
      error: message,
    });
  }

  /**
   * Renews the claim's lease every `renewEveryMs` while it is in hand: a claim held past one lease (HubSpot slow or
   * retrying, or a processed claim waiting for the one before to finish) stays this worker's while it lives, so no
   * other instance takes up its subjects meanwhile. A dead instance renews nothing: its claims expire as before.
   */
  function startHeartbeat(ids: readonly number[]): () => void {
    let renewing = false;
    let stopped = false;
    const timer = setInterval(() => {
      if (renewing) return;
      renewing = true;
      o.store
        .renewClaim(id, ids, now() + o.leaseMs)
        .then((renewed) => {
          // Once stopped, the claim's events are being marked done or failed: fewer renewed says nothing then.
          if (renewed < ids.length && !stopped) o.logger.warn('part of a claim was taken up by another worker: its lease had expired', { renewed, claimed: ids.length });
        })
        .catch((error: unknown) => o.logger.warn('could not renew a claim; its lease runs on', { error }))
        .finally(() => (renewing = false));
    }, o.renewEveryMs ?? Math.max(1, Math.floor(o.leaseMs / 3)));
    timer.unref();
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }

  /** Claims due events, grouped by subject; null when none is due. */
  async function claim(): Promise<Claim | null> {
    let claimed: StoredEvent[];
    try {
      claimed = await o.store.claimDueEvents(id, now(), o.leaseMs, o.maxSubjectsPerClaim);
    } catch (error) {
      waitingSince ??= now();
      throw error;
    }
    if (claimed.length === 0) {
      if (claimsInHand === 0) waitingSince = null;
      return null;
    }
    claimsInHand += 1;
    waitingSince ??= now();
    return { groups: groupBySubject(claimed), stopHeartbeat: startHeartbeat(claimed.map((e) => e.id)) };
  }

  /** The claim is no longer in hand: finished, or given up to its lease. */
  function release(c: Claim): void {
    c.stopHeartbeat();
    claimsInHand -= 1;
    // Progress: due events have waited since now at most (another claim may be in hand), or not at all.
    waitingSince = claimsInHand === 0 ? null : now();
  }

  /** Processes the claim's groups; if that throws (a processor's prepare), the claim is released to its lease. */
  async function processClaim(c: Claim): Promise<Map<string, unknown>> {
    try {
      return await processGroups(c.groups);
    } catch (error) {
      release(c);
      throw error;
    }
  }

  /** Processes a claim's groups, `concurrency` subjects at a time; returns the error of each subject that failed. */
  async function processGroups(groups: readonly EventGroup[]): Promise<Map<string, unknown>> {
    o.processor.prepare?.(groups);
    const queue = [...groups];
    const errors = new Map<string, unknown>();
    const lanes = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        // SQLite calls are synchronous: a turn of the event loop between groups lets the intake answer.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const error = await tryProcess(group);
        if (error) errors.set(group.subjectKey, error);
      }
    });
    await Promise.all(lanes);
    return errors;
  }

  /** Waits for the claim's batched work (its CRM writes), then marks its events done, or failed for a retry. */
  async function finish(c: Claim, errors: Map<string, unknown>): Promise<void> {
    const { groups } = c;
    try {
      if (o.processor.settle) {
        for (const [subject, error] of await o.processor.settle(new Set(groups.map((g) => g.subjectKey)))) if (!errors.has(subject)) errors.set(subject, error);
      }
      // Settled: what is left is marking the events, which ends the claim (and would make renewals look partial).
      c.stopHeartbeat();
      const applied: number[] = [];
      for (const group of groups) {
        const error = errors.get(group.subjectKey);
        if (error) await fail(group, error);
        else applied.push(...group.events.map((e) => e.id));
      }
      // One statement for the whole claim: processors are idempotent, so a crash before it only repeats work.
      await o.store.completeEvents(applied, now());
      o.metrics?.eventsProcessed.inc(applied.length);
    } finally {
      release(c);
    }
  }

  const eventsOf = (groups: readonly EventGroup[]) => groups.reduce((n, g) => n + g.events.length, 0);

  async function runOnce(): Promise<number> {
    const c = await claim();
    if (!c) return 0;
    await finish(c, await processClaim(c));
    return eventsOf(c.groups);
  }

  /**
   * The previous claim finishing: its batched CRM writes settling and its events marked done, while this worker
   * already claims and processes the next one. A claim's events stay claimed until then, so none of its subjects can
   * be in the next claim: each contact's events are still handled one claim after another, in order.
   */
  let finishing: Promise<void> | null = null;

  /** As runOnce, except that the claim finishes while the next one is claimed and processed (one claim finishing at a time). */
  async function runOverlapped(): Promise<number> {
    const c = await claim();
    if (!c) return 0;
    const errors = await processClaim(c);
    await finishing;
    const done: Promise<void> = finish(c, errors)
      // Its events stay claimed until their lease ends; then this worker or another takes them up again.
      .catch((error: unknown) => void o.logger.error('worker could not finish a claim', { error }))
      .finally(() => {
        if (finishing === done) finishing = null;
      });
    finishing = done;
    return eventsOf(c.groups);
  }

  async function run(): Promise<void> {
    while (running) {
      let handled = 0;
      const wakesBefore = wakes;
      const started = now();
      try {
        handled = await runOverlapped();
      } catch (error) {
        o.logger.error('worker could not claim events', { error });
      }
      // Intake first: HubSpot gives up on an unanswered delivery after 5 s, while stored events can wait.
      // When deliveries arrived during a round, rest twice as long as the round took, leaving the intake at
      // least two thirds of the event loop (SQLite calls are synchronous and share it); bench:intake measured
      // a ratio of 0.41–0.42 resting 1×, 0.48–0.54 resting 2×.
      if (handled > 0 && wakes !== wakesBefore && running) {
        // Deliveries are waiting while we rest: a rest that somehow lasted past the lease shows in /readyz.
        waitingSince ??= now();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, restAfterRound(now() - started));
          wakeUp = (immediately = false) => {
            if (!immediately) return;
            clearTimeout(timer);
            resolve();
          };
        });
        wakeUp = null;
      }
      if (handled === 0 && running) {
        await new Promise<void>((resolve) => {
          let timer = setTimeout(resolve, o.pollMs);
          // Once the claim before is done, its subjects' newer events may be due: look again then, not a poll later.
          void finishing?.then(() => {
            clearTimeout(timer);
            resolve();
          });
          let woken = false;
          // New events: wait out the coalescing window so one claim (and later one CRM batch) serves many.
          wakeUp = (immediately = false) => {
            if (woken && !immediately) return;
            woken = true;
            clearTimeout(timer);
            if (immediately || coalesceMs === 0) resolve();
            else timer = setTimeout(resolve, coalesceMs);
          };
        });
        wakeUp = null;
      }
    }
  }

  return {
    id,
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wakeUp?.(true);
      await loop;
      await finishing;
      loop = null;
    },
    isRunning: () => running,
    stalledSince: () => (waitingSince !== null && now() - waitingSince > o.leaseMs ? waitingSince : null),
    runOnce,
    wake: () => {
      wakes += 1;
      wakeUp?.();
    },
  };
}
