import { createDecider } from '../../../src/domain/decide';
import { scoreContacts } from '../../../src/processing/score-contacts';
import type { StoredEvent, Store } from '../../../src/store/store-port';
import type { WriteBack } from '../../../src/writeback/write-back';
import { memoryLogger } from '../../helpers/memory-logger';
import { createTestStore } from '../../helpers/test-database';
import { NOW, testRules } from '../../helpers/test-rules';

/**
 * The worker settles one claim while it processes the next: `settle(subjects)` waits for those subjects' CRM
 * writes alone, reports their failures alone, and leaves the next claim's writes to the next claim's settle.
 */
const PORTAL = 7;
let nextId = 0;
const groupOf = (contactId: string) => ({
  subjectKey: `${PORTAL}:contact:${contactId}`,
  portalId: PORTAL,
  events: [
    { id: ++nextId, eventId: String(nextId), portalId: PORTAL, subjectKey: `${PORTAL}:contact:${contactId}`, subscriptionType: 'contact.propertyChange', objectId: contactId, propertyName: 'jobtitle', propertyValue: 'VP Marketing', occurredAt: NOW - 1000, changeSource: 'CRM_UI', attempts: 0, payload: '{}' } as unknown as StoredEvent,
  ],
});

/** A write-back whose writes the test ends one by one: resolved, or rejected with the error given. */
function heldWriteBack() {
  const ends = new Map<string, { resolve: () => void; reject: (e: unknown) => void }>();
  const writeBack = {
    submit: (_portalId: number, decision: { contactId: string }) => new Promise<void>((resolve, reject) => ends.set(decision.contactId, { resolve, reject })),
    flushUpdates: async () => undefined,
  } as unknown as WriteBack;
  return { writeBack, ends };
}

describe('settling the CRM writes of one claim', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
  });
  afterEach(() => store.close());

  const scorer = (writeBack: WriteBack, read: (contactId: string) => Promise<{ id: string; properties: Record<string, string> } | null> = async (id) => ({ id, properties: { jobtitle: 'VP Marketing' } })) =>
    scoreContacts({ store, decide: createDecider(testRules(), 'h1'), logger: memoryLogger().logger, now: () => NOW, crm: { reader: { read: (_p, id) => read(id) }, writeBack, ownProperties: new Set() } });

  it("waits for its subjects' writes only, and reports only their failures", async () => {
    const { writeBack, ends } = heldWriteBack();
    const s = scorer(writeBack);
    const [a, b, c] = [groupOf('a'), groupOf('b'), groupOf('c')];
    await s.process(a);
    await s.process(b);
    await s.process(c);
    expect([...ends.keys()]).toEqual(['a', 'b', 'c']);
    // a and b are one claim; c is the next one, its write still on its way.
    ends.get('a')!.resolve();
    ends.get('b')!.reject(new Error('HubSpot refused b'));
    const first = await s.settle!(new Set([a.subjectKey, b.subjectKey]));
    expect([...first.keys()]).toEqual([b.subjectKey]);
    expect(String(first.get(b.subjectKey))).toContain('HubSpot refused b');
    // c's write is still waited for, by its own claim's settle.
    let cSettled = false;
    const second = s.settle!(new Set([c.subjectKey])).then((errors) => ((cSettled = true), errors));
    await Promise.resolve();
    expect(cSettled).toBe(false);
    ends.get('c')!.reject(new Error('HubSpot refused c'));
    expect([...(await second).keys()]).toEqual([c.subjectKey]);
  });

  it('settles every write when no subjects are named (a backfill, the card)', async () => {
    const { writeBack, ends } = heldWriteBack();
    const s = scorer(writeBack);
    await s.process(groupOf('a'));
    await s.process(groupOf('b'));
    ends.get('a')!.reject(new Error('refused a'));
    ends.get('b')!.resolve();
    expect([...(await s.settle!()).keys()]).toEqual([`${PORTAL}:contact:a`]);
    // Nothing left over for a later settle.
    expect((await s.settle!()).size).toBe(0);
  });

  it("drops the reads asked for its subjects that were never used, and keeps the next claim's", async () => {
    const { writeBack, ends } = heldWriteBack();
    const reads: string[] = [];
    const s = scorer(writeBack, async (id) => (reads.push(id), { id, properties: { jobtitle: 'VP Marketing' } }));
    const [a, b] = [groupOf('a'), groupOf('b')];
    // Claim 1 (a) prepared but a's group never processed (it failed before its read was used); claim 2 (b) prepared.
    s.prepare!([a]);
    s.prepare!([b]);
    expect(reads).toEqual(['a', 'b']);
    await s.settle!(new Set([a.subjectKey]));
    // b's prefetched read is used, not asked again; a's was dropped, so a later claim of a reads it afresh.
    await s.process(b);
    expect(reads).toEqual(['a', 'b']);
    await s.process(a);
    expect(reads).toEqual(['a', 'b', 'a']);
    ends.get('a')!.resolve();
    ends.get('b')!.resolve();
    expect((await s.settle!()).size).toBe(0);
  });
});
