import { createTestStore } from '../../helpers/test-database';
import fs from 'node:fs';
import path from 'node:path';
import { slaSchema } from '../../../src/config/sla-schema';
import type { CrmPort } from '../../../src/crm/crm-port';
import { createOwnerDirectory } from '../../../src/crm/owner-directory';
import type { Decision } from '../../../src/domain/decide';
import { createSlaTracker } from '../../../src/sla/track-sla';
import type { Store } from '../../../src/store/store-port';
import { memoryLogger } from '../../helpers/memory-logger';

const sla = slaSchema.parse({ ...JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../config/sla.json'), 'utf8')), routing: { kind: 'roundRobinActiveOwners', absentOwnerIds: ['2'] } });
const decision = (to: string, changed: boolean) => ({ contactId: 'c', stage: { from: changed ? 'lead' : to, to, changed, reason: '' } }) as unknown as Decision;

describe('the SLA tracker and the contact owner', () => {
  let store: Store;
  let ownerCalls = 0;
  const crm = {
    async listOwners() {
      ownerCalls += 1;
      return ['1', '2', '3'].map((id) => ({ id, email: `${id}@x.example`, firstName: 'O', lastName: id, archived: id === '3' }));
    },
  } as unknown as CrmPort;
  const owners = createOwnerDirectory(crm);
  beforeEach(async () => {
    store = await createTestStore();
  });
  afterEach(() => store.close());

  it('routes an unowned MQL (skipping absent and archived owners), and never overwrites a person’s reassignment', async () => {
    const tracker = createSlaTracker({ store, sla, owners, logger: memoryLogger([]).logger });
    const opened = await tracker.observe(1, 'c', { decision: decision('marketingqualifiedlead', true), changes: [], crm: { hubspot_owner_id: null }, leadStatus: null });
    expect(opened.hubspot_owner_id).toBe('1'); // 2 is absent, 3 archived
    expect(opened.leadloop_sla_status).toBe('open');
    // The routing write failed and the group is retried: HubSpot still shows no owner, so it is written again.
    const retried = await tracker.observe(1, 'c', { decision: decision('marketingqualifiedlead', false), changes: [], crm: { hubspot_owner_id: null }, leadStatus: null });
    expect(retried.hubspot_owner_id).toBe('1');
    // A person gave the lead to someone else; HubSpot shows it before the event reaches us: leadloop leaves it be.
    const later = await tracker.observe(1, 'c', { decision: decision('marketingqualifiedlead', false), changes: [], crm: { hubspot_owner_id: '9' }, leadStatus: null });
    expect(later).not.toHaveProperty('hubspot_owner_id');
    // The reassignment's event: the SLA follows the new owner, with a fresh clock (no touch yet).
    const item = (await store.activeSlaItem(1, 'c'))!;
    await tracker.observe(1, 'c', { decision: decision('marketingqualifiedlead', false), changes: [{ name: 'hubspot_owner_id', value: '9', at: item.openedAt + 3_600_000 }], crm: { hubspot_owner_id: '9' }, leadStatus: null });
    const after = (await store.activeSlaItem(1, 'c'))!;
    expect(after.ownerId).toBe('9');
    expect(after.clockStartAt).toBe(item.openedAt + 3_600_000);
    expect(ownerCalls).toBe(1);
  });

  it('keeps the owner a contact already has', async () => {
    const tracker = createSlaTracker({ store, sla, owners, logger: memoryLogger([]).logger });
    const opened = await tracker.observe(1, 'd', { decision: decision('marketingqualifiedlead', true), changes: [], crm: { hubspot_owner_id: '7' }, leadStatus: null });
    expect(opened).not.toHaveProperty('hubspot_owner_id');
    expect((await store.activeSlaItem(1, 'd'))!.ownerId).toBe('7');
  });

  it("counts the calls and emails a contact's Sales Hub leads record as attempts, once each", async () => {
    const start = Date.UTC(2026, 10, 17, 15, 0, 0);
    let t = start;
    const tracker = createSlaTracker({ store, sla, owners, logger: memoryLogger([]).logger, now: () => t });
    const observe = (calls: number, emails: number) =>
      tracker.observe(1, 'e', { decision: decision('marketingqualifiedlead', t === start), changes: [], crm: { hubspot_owner_id: '7' }, leadStatus: null, leads: [{ id: '1', stage: 'attempting-stage-id', calls, emails }] });
    await observe(0, 0);
    t = start + 3_600_000;
    await observe(1, 0);
    expect((await store.activeSlaItem(1, 'e'))!.touches).toEqual([start + 3_600_000]);
    t += 600_000;
    await observe(1, 0); // seen again, no new attempt: nothing more is counted
    expect((await store.activeSlaItem(1, 'e'))!.touches).toHaveLength(1);
    t += 600_000;
    await observe(2, 0);
    expect((await store.activeSlaItem(1, 'e'))!.touches).toEqual([start + 3_600_000, t]);
    // The third attempt, the SLA's minimum, after a first touch in time: met.
    t += 600_000;
    expect((await observe(2, 1)).leadloop_sla_status).toBe('met');
    expect(await store.activeSlaItem(1, 'e')).toBeNull();
  });
});
