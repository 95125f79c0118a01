import { createTestStore } from '../../helpers/test-database';
import { CrmError } from '../../../src/crm/crm-error';
import { createHubspotCrm } from '../../../src/crm/hubspot/hubspot-crm';
import { setupCrmProperties } from '../../../src/crm/setup-properties';
import { createDecider } from '../../../src/domain/decide';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/start-sandbox';
import type { Store } from '../../../src/store/store-port';
import { createWriteBack } from '../../../src/writeback/write-back';
import { memoryLogger } from '../../helpers/memory-logger';
import { waitFor } from '../../helpers/start-test-app';
import { TEST_SECRET } from '../../helpers/test-config';
import { NOW, TARGET, testRules } from '../../helpers/test-rules';

const TOKEN = 'pat-na1-batch-writes';
const decide = createDecider(testRules(), 'batch');
const demo = { kind: 'form_submitted' as const, at: NOW, formName: 'Demo request' };
const mql = (id: string) => decide({ id, properties: { ...TARGET, lifecyclestage: 'lead' } }, [demo], NOW);
/** The SLA's due time as leadloop writes it (epoch ms), on a fixed day. */
const DUE = Date.parse('2026-11-20T15:00:00.000Z');

/**
 * Batch writes against the sandbox answering as HubSpot does: a 207 with `errors[]` for the inputs it refused (the
 * others applied), datetimes read back as ISO 8601 whatever was written. What leadloop sends is read from the
 * sandbox's log of batch inputs, what it recorded from its own store.
 */
describe('batch writes through the sandbox', () => {
  let sandbox: RunningSandbox;
  let store: Store;
  let log: ReturnType<typeof memoryLogger>;
  const portalId = () => sandbox.portal.portalId;
  const crm = () => createHubspotCrm({ baseUrl: sandbox.url, tokenFor: async () => TOKEN, retry: { attempts: 1, baseMs: 1, capMs: 1 } });
  const writeBack = () => createWriteBack({ crm: crm(), store, logger: log.logger, windowMs: 20 });
  const lead = (email: string) => sandbox.portal.create('contacts', { email, lifecyclestage: 'lead' }, { changeSource: 'CRM_UI' }).id;
  const noteState = (contactId: string) => store.beginCrmWrite(`note:${portalId()}:${contactId}:lead>marketingqualifiedlead`, portalId(), contactId, 'note', NOW);

  beforeEach(async () => {
    sandbox = await startSandbox({ clientId: 'c', clientSecret: TEST_SECRET, privateToken: TOKEN });
    await setupCrmProperties(crm(), portalId(), { dryRun: false });
    store = await createTestStore();
    log = memoryLogger();
  });
  afterEach(async () => {
    await store.close();
    await sandbox.close();
  });

  it('#7 a contact HubSpot refuses in a 207 fails with its message; the others are written and get their notes', async () => {
    const good = lead('ada@north.example');
    const gone = lead('bo@north.example');
    // Read by leadloop, then deleted in HubSpot before the batch update reaches it.
    sandbox.portal.archive('contacts', gone, { changeSource: 'CRM_UI' });
    const wb = writeBack();
    const [ok, refused] = await Promise.allSettled([wb.submit(portalId(), mql(good), { lifecyclestage: 'lead' }), wb.submit(portalId(), mql(gone), { lifecyclestage: 'lead' })]);
    expect(ok.status).toBe('fulfilled');
    expect(refused.status).toBe('rejected');
    const error = (refused as PromiseRejectedResult).reason as CrmError;
    expect(error).toBeInstanceOf(CrmError);
    expect(error).toMatchObject({ code: 'CRM.NOT_FOUND', retryable: false });
    expect(error.message).toContain('resource not found');
    // Both were sent in one batch, which HubSpot answered 207.
    expect(sandbox.batchInputs.filter((i) => i.op === 'update').map((i) => i.id)).toEqual([good, gone]);
    expect(sandbox.portal.get('contacts', good).properties.lifecyclestage).toBe('marketingqualifiedlead');
    await waitFor(async () => (await noteState(good)) === 'done', 3000, "the written contact's note");
    // The refused contact's note was recorded before the update and never sent: it stays pending, not written.
    expect(await noteState(gone)).toBe('pending');
    expect(sandbox.batchInputs.filter((i) => i.kind === 'notes')).toHaveLength(1);
  });

  it('#7 a note HubSpot refuses in a 207 stays pending; the note it created is confirmed', async () => {
    const kept = lead('cy@north.example');
    const removed = lead('di@north.example');
    const wb = writeBack();
    await Promise.all([wb.submit(portalId(), mql(kept), { lifecyclestage: 'lead' }), wb.submit(portalId(), mql(removed), { lifecyclestage: 'lead' })]);
    // Both stages are in HubSpot; the contact is deleted before the notes (which gather over a longer window) go.
    sandbox.portal.archive('contacts', removed, { changeSource: 'CRM_UI' });
    await waitFor(() => sandbox.batchInputs.some((i) => i.kind === 'notes'), 3000, 'the notes batch');
    await wb.drain();
    // The batch's answer is handled once the note HubSpot created is confirmed (the same 207 refused the other).
    await waitFor(async () => (await noteState(kept)) === 'done', 3000, 'the created note confirmed');
    expect(sandbox.batchInputs.filter((i) => i.kind === 'notes')).toHaveLength(2);
    expect(sandbox.portal.table('notes').size).toBe(1);
    expect(await noteState(removed)).toBe('pending');
    expect(log.text()).toContain('resource not found');
  });

  it('#8 an unchanged SLA due time is not written again: HubSpot reads it back as ISO 8601, leadloop wrote epoch ms', async () => {
    const id = lead('ed@north.example');
    const sla = { leadloop_sla_due: String(DUE), leadloop_sla_status: 'open' };
    await writeBack().submit(portalId(), mql(id), { lifecyclestage: 'lead' }, sla);
    expect(sandbox.portal.get('contacts', id).properties.leadloop_sla_due).toBe('2026-11-20T15:00:00.000Z');
    const before = sandbox.batchInputs.length;

    // A later decision (one more email open) with the same due time, from what HubSpot holds now.
    const [held] = await crm().readContacts(portalId(), [id], ['lifecyclestage', 'leadloop_score', 'leadloop_fit_grade', 'leadloop_engagement_score', 'leadloop_matrix_cell', 'leadloop_sla_due', 'leadloop_sla_status']);
    const later = decide({ id, properties: { ...TARGET, lifecyclestage: 'marketingqualifiedlead' } }, [demo, { kind: 'email_opened', at: NOW + 60_000 }], NOW + 60_000);
    await writeBack().submit(portalId(), later, held!.properties, sla);
    const sent = sandbox.batchInputs.slice(before).filter((i) => i.kind === 'contacts');
    // The decision did change something (the engagement score), so there is an update, and it leaves the due time be.
    expect(sent).toHaveLength(1);
    expect(sent[0]!.properties).toHaveProperty('leadloop_engagement_score');
    expect(sent.flatMap((i) => Object.keys(i.properties))).not.toContain('leadloop_sla_due');
  });
});
