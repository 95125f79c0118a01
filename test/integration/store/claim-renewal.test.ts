import type { NewWebhookEvent, Store } from '../../../src/store/store-port';
import { createTestStore } from '../../helpers/test-database';

/**
 * renewClaim, the worker's heartbeat: it extends the lease of a claim its worker still holds, and nothing else. On
 * both dialects (npm run test:pg runs this file on PostgreSQL). Leases are read through what a second worker may
 * claim, which is what they are for.
 */
const NOW = 5_000_000;
const LEASE = 1_000;
const event = (id: string): NewWebhookEvent => ({
  portalId: 9, subscriptionId: 3, eventId: id, occurredAt: 1_000, subscriptionType: 'contact.propertyChange',
  subjectKey: `9:contact:${id}`, objectId: id, propertyName: 'email', propertyValue: `${id}@x.io`,
  changeSource: 'CRM_UI', sourceId: null, attemptNumber: 0, payload: '{}', status: 'pending',
});

describe('claim renewal', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
    await store.insertWebhookEvents([event('a'), event('b')], NOW);
  });
  afterEach(async () => {
    await store.close();
  });
  const subjectsClaimedBy = async (worker: string, at: number) => (await store.claimDueEvents(worker, at, LEASE, 10)).map((e) => e.objectId).sort();

  it('extends the holder’s lease: no one takes the events before the renewed lease ends, and anyone may after', async () => {
    const ids = (await store.claimDueEvents('w1', NOW, LEASE, 10)).map((e) => e.id);
    expect(await store.renewClaim('w1', ids, NOW + 3 * LEASE)).toBe(2);
    // Past the first lease, within the renewed one.
    expect(await subjectsClaimedBy('w2', NOW + 2 * LEASE)).toEqual([]);
    expect(await subjectsClaimedBy('w2', NOW + 3 * LEASE + 1)).toEqual(['a', 'b']);
  });

  it('renews only what the worker still holds: not another worker’s claim, not a finished event', async () => {
    const [a, b] = await store.claimDueEvents('w1', NOW, LEASE, 10);
    await store.completeEvents([a!.id], NOW + 10);
    expect(await store.renewClaim('w1', [a!.id, b!.id], NOW + 3 * LEASE)).toBe(1);
    // w1's lease on b ended and w3 took b up: w1 renews nothing, w3 keeps it to its own lease.
    expect(await subjectsClaimedBy('w3', NOW + 3 * LEASE + 1)).toEqual(['b']);
    expect(await store.renewClaim('w1', [b!.id], NOW + 10 * LEASE)).toBe(0);
    expect(await subjectsClaimedBy('w4', NOW + 4 * LEASE + 2)).toEqual(['b']);
    expect(await store.renewClaim('w1', [], NOW)).toBe(0);
  });
});
