import { createAutoBackfill } from '../../../src/backfill/auto-backfill';
import type { RunOptions } from '../../../src/backfill/create-backfill';
import type { BackfillProgress } from '../../../src/backfill/run-backfill';
import type { BackfillCheckpoint, BackfillStore } from '../../../src/store/backfill-store-port';
import type { Store } from '../../../src/store/store-port';
import { memoryLogger } from '../../helpers/memory-logger';

const PORTAL = 7;
const progress = (done: number, finished = false): BackfillProgress => ({ portalId: PORTAL, done, total: 30, rate: 10, etaSeconds: finished ? 0 : 3, finished });

/** A run of three pages that asks shouldStop() between pages, each page released by the test. */
function pagedRun() {
  const pages: Array<() => void> = [];
  const pagesRun: number[] = [];
  const runs = { started: 0 };
  const run = async (o: RunOptions): Promise<BackfillProgress> => {
    runs.started += 1;
    for (let page = 1; page <= 3; page += 1) {
      await new Promise<void>((resolve) => pages.push(resolve));
      pagesRun.push(page);
      o.onProgress?.(progress(page * 10, page === 3));
      if (page < 3 && o.shouldStop?.()) return progress(page * 10);
    }
    return progress(30, true);
  };
  const nextPage = async () => {
    while (pages.length === 0) await new Promise((r) => setImmediate(r));
    pages.shift()!();
  };
  return { run, nextPage, pagesRun, runs };
}

type LeaseStore = BackfillStore & Pick<Store, 'takeLease' | 'releaseLease'>;

/** Leases as the store keeps them (a name, a holder, an expiry), shared by every instance given the same map. */
function leaseTable(leases = new Map<string, { holder: string; expiresAt: number }>()) {
  return {
    leases,
    takeLease: async (name: string, holder: string, now: number, ttlMs: number) => {
      const l = leases.get(name);
      if (l && l.holder !== holder && l.expiresAt > now) return false;
      leases.set(name, { holder, expiresAt: now + ttlMs });
      return true;
    },
    releaseLease: async (name: string, holder: string) => {
      if (leases.get(name)?.holder === holder) leases.delete(name);
    },
  };
}

const store = (checkpoint: BackfillCheckpoint | null, leases = leaseTable()): LeaseStore =>
  ({ getBackfillCheckpoint: async () => checkpoint, ...leases }) as unknown as LeaseStore;

test('stop() ends a run between two pages and waits for the page in hand; progress is reported and kept', async () => {
  const paged = pagedRun();
  const seen: number[] = [];
  const auto = createAutoBackfill({ run: paged.run, store: store(null), logger: memoryLogger().logger, onProgress: (p) => seen.push(p.done) });
  await auto.start(PORTAL, { ifNew: true });
  await paged.nextPage();
  const stopped = auto.stop();
  await paged.nextPage(); // the page in hand finishes; no third page starts
  await stopped;
  expect(paged.pagesRun).toEqual([1, 2]);
  expect(seen).toEqual([10, 20]);
  expect(auto.state(PORTAL)).toEqual({ portalId: PORTAL, status: 'stopped', done: 20, total: 30, etaSeconds: 3 });
  await auto.start(PORTAL);
  expect(auto.state(PORTAL).status).toBe('stopped'); // nothing starts after stop()
});

test('a finished portal is not started again with ifNew; an unfinished checkpoint continues', async () => {
  const finished = pagedRun();
  const auto = createAutoBackfill({ run: finished.run, store: store({ status: 'finished' } as BackfillCheckpoint), logger: memoryLogger().logger });
  await auto.start(PORTAL, { ifNew: true });
  await auto.whenIdle();
  expect(auto.state(PORTAL).status).toBe('idle');

  const unfinished = pagedRun();
  const again = createAutoBackfill({ run: unfinished.run, store: store({ status: 'running' } as BackfillCheckpoint), logger: memoryLogger().logger });
  await again.start(PORTAL, { ifNew: true });
  for (let i = 0; i < 3; i += 1) await unfinished.nextPage();
  await again.whenIdle();
  expect(again.state(PORTAL)).toMatchObject({ status: 'finished', done: 30, etaSeconds: 0 });
});

test('a failed run is logged and reported as failed, never an unhandled rejection', async () => {
  const { logger, text } = memoryLogger();
  const auto = createAutoBackfill({ run: () => Promise.reject(new Error('HubSpot unreachable')), store: store(null), logger });
  await auto.start(PORTAL);
  await auto.whenIdle();
  expect(auto.state(PORTAL).status).toBe('failed');
  expect(text()).toContain('background backfill failed');
});

test('two instances: one runs a portal\'s backfill; when it dies (its lease expires) a survivor continues', async () => {
  const shared = leaseTable();
  let clock = 1_000_000;
  const first = pagedRun();
  const a = createAutoBackfill({ run: first.run, store: store({ status: 'running' } as BackfillCheckpoint, shared), logger: memoryLogger().logger, now: () => clock, holder: 'a' });
  await a.start(PORTAL, { ifNew: true });
  await first.nextPage(); // a is running, page 1 done: it holds the lease

  const second = pagedRun();
  const b = createAutoBackfill({ run: second.run, store: store({ status: 'running' } as BackfillCheckpoint, shared), logger: memoryLogger().logger, now: () => clock, holder: 'b' });
  await b.start(PORTAL, { ifNew: true });
  expect(second.runs.started).toBe(0); // not started: a holds it
  expect(b.state(PORTAL).status).toBe('idle');
  expect(shared.leases.get(`backfill:${PORTAL}`)?.holder).toBe('a');

  // a's process dies (its run never goes on, nothing is released); the lease runs out.
  clock += 121_000;
  await b.start(PORTAL, { ifNew: true });
  expect(second.runs.started).toBe(1);
  for (let i = 0; i < 3; i += 1) await second.nextPage();
  await b.whenIdle();
  expect(b.state(PORTAL)).toMatchObject({ status: 'finished', done: 30 });
  expect(shared.leases.has(`backfill:${PORTAL}`)).toBe(false); // released at the end
});
