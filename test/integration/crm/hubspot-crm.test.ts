import net from 'node:net';
import nock from 'nock';
import { CrmError } from '../../../src/crm/crm-error';
import { createHubspotCrm, privateAppTokens } from '../../../src/crm/hubspot/hubspot-crm';
import { createRateLimiter } from '../../../src/crm/rate-limiter';
import { setupCrmProperties } from '../../../src/crm/setup-properties';
import { LEADLOOP_PROPERTIES } from '../../../src/crm/leadloop-properties';

const BASE = 'https://api.hubapi.com';
const PORTAL = 62515;
const fast = { attempts: 3, baseMs: 1, capMs: 5 };
const crm = () => createHubspotCrm({ baseUrl: BASE, tokenFor: async () => 'pat-test-token', retry: fast });
const api = () => nock(BASE, { reqheaders: { authorization: 'Bearer pat-test-token' } });

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]); // every expected call happened
});
afterAll(() => nock.enableNetConnect());

describe('HubSpot CRM adapter: the calls', () => {
  it('reads contacts in one batch, asking only for the named properties', async () => {
    api()
      .post('/crm/v3/objects/contacts/batch/read', { inputs: [{ id: '1' }, { id: '2' }], properties: ['email', 'lifecyclestage'], propertiesWithHistory: [] })
      .query({ archived: 'false' })
      .reply(200, { status: 'COMPLETE', results: [{ id: '1', properties: { email: 'a@x.io', lifecyclestage: 'lead' }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false }] });
    const contacts = await crm().readContacts(PORTAL, ['1', '2'], ['email', 'lifecyclestage']);
    expect(contacts).toEqual([{ id: '1', properties: { email: 'a@x.io', lifecyclestage: 'lead' } }]);
  });

  it('updates contacts in one batch, each input traced by its contact id', async () => {
    api().post('/crm/v3/objects/contacts/batch/update', { inputs: [{ id: '1', objectWriteTraceId: '1', properties: { leadloop_score: '80' } }] }).reply(200, { status: 'COMPLETE', results: [] });
    expect(await crm().updateContacts(PORTAL, [{ id: '1', properties: { leadloop_score: '80' } }])).toEqual(new Map());
  });

  // HubSpot's 207 Multi-Status body (BatchResponseSimplePublicObjectWithErrors): the good inputs applied and returned,
  // the refused ones named in errors[].context by the trace id sent (or by `ids` for objects not found).
  const at = { createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false };
  it('a 207 from batch update: only the refused contacts come back as failed, with HubSpot\'s message', async () => {
    api()
      .post('/crm/v3/objects/contacts/batch/update')
      .reply(207, {
        status: 'COMPLETE', numErrors: 2, startedAt: '2026-01-01T00:00:00Z', completedAt: '2026-01-01T00:00:01Z',
        results: [{ id: '1', objectWriteTraceId: '1', properties: { leadloop_score: '80' }, ...at }],
        errors: [
          { status: 'error', category: 'VALIDATION_ERROR', message: 'Property values were not valid', context: { objectWriteTraceId: ['2'] }, errors: [{ message: 'E was not one of the allowed options', code: 'INVALID_OPTION' }] },
          { status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some CONTACT objects, they may be deleted or not exist.', context: { ids: ['3'] } },
        ],
      });
    const failed = await crm().updateContacts(PORTAL, ['1', '2', '3'].map((id) => ({ id, properties: { leadloop_fit_grade: id === '2' ? 'E' : 'A' } })));
    expect([...failed.keys()]).toEqual(['2', '3']);
    expect(failed.get('2')).toMatchObject({ code: 'CRM.VALIDATION', retryable: false, message: expect.stringContaining('Property values were not valid') });
    expect(failed.get('3')).toMatchObject({ code: 'CRM.NOT_FOUND', retryable: false });
  });

  it('a 207 from batch create: each refused note is its error, each created one its id, in input order', async () => {
    api()
      .post('/crm/v3/objects/notes/batch/create', (b: { inputs: Array<{ objectWriteTraceId: string }> }) => b.inputs.map((i) => i.objectWriteTraceId).join() === '0,1')
      .reply(207, {
        status: 'COMPLETE', numErrors: 1,
        results: [{ id: 'n-2', objectWriteTraceId: '1', properties: { hs_note_body: 'two <small>ref-b</small>' }, ...at }],
        errors: [{ status: 'error', category: 'VALIDATION_ERROR', message: 'hs_timestamp is required', context: { objectWriteTraceId: ['0'] } }],
      });
    const out = await crm().createNotes(PORTAL, [
      { contactId: '1', body: 'one <small>ref-a</small>', timestamp: Date.UTC(2026, 10, 23), marker: 'ref-a' },
      { contactId: '2', body: 'two <small>ref-b</small>', timestamp: Date.UTC(2026, 10, 23), marker: 'ref-b' },
    ]);
    expect(out[0]).toMatchObject({ code: 'CRM.VALIDATION', message: expect.stringContaining('hs_timestamp is required') });
    expect(out[1]).toBe('n-2');
  });

  it('creates notes associated to their contact (type 202, hs_timestamp set) and matches ids back by marker', async () => {
    let sent: { inputs: Array<{ properties: Record<string, string>; associations: unknown[] }> } | undefined;
    api()
      .post('/crm/v3/objects/notes/batch/create', (body) => ((sent = body), true))
      .reply(201, () => ({
        status: 'COMPLETE',
        // HubSpot does not promise the order of batch results
        results: [
          { id: 'n-2', properties: { hs_note_body: 'two <small>ref-b</small>' }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false },
          { id: 'n-1', properties: { hs_note_body: 'one <small>ref-a</small>' }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false },
        ],
      }));
    const ids = await crm().createNotes(PORTAL, [
      { contactId: '1', body: 'one <small>ref-a</small>', timestamp: Date.UTC(2026, 10, 23), marker: 'ref-a' },
      { contactId: '2', body: 'two <small>ref-b</small>', timestamp: Date.UTC(2026, 10, 23), marker: 'ref-b' },
    ]);
    expect(ids).toEqual(['n-1', 'n-2']);
    expect(sent!.inputs[0]).toEqual({
      objectWriteTraceId: '0',
      properties: { hs_timestamp: '2026-11-23T00:00:00.000Z', hs_note_body: 'one <small>ref-a</small>' },
      associations: [{ to: { id: '1' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] }],
    });
  });

  it('creates tasks assigned to the owner, due, with a reminder, associated by type 204', async () => {
    let sent: { inputs: Array<{ properties: Record<string, string>; associations: Array<{ types: Array<{ associationTypeId: number }> }> }> } | undefined;
    api()
      .post('/crm/v3/objects/tasks/batch/create', (body) => ((sent = body), true))
      .reply(201, { status: 'COMPLETE', results: [{ id: 't-1', properties: { hs_task_body: 'Call ref-t' }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false }] });
    const ids = await crm().createTasks(PORTAL, [{ contactId: '7', ownerId: '64492917', subject: 'Overdue MQL', body: 'Call ref-t', dueAt: 1_764_000_000_000, reminderAt: 1_764_000_000_000, priority: 'HIGH', marker: 'ref-t' }]);
    expect(ids).toEqual(['t-1']);
    expect(sent!.inputs[0]!.properties).toMatchObject({ hubspot_owner_id: '64492917', hs_task_reminders: '1764000000000', hs_task_status: 'NOT_STARTED', hs_task_priority: 'HIGH' });
    expect(sent!.inputs[0]!.associations[0]!.types[0]!.associationTypeId).toBe(204);
  });

  it('finds an earlier note by its marker through the v4 associations', async () => {
    api().get('/crm/v4/objects/contacts/7/associations/notes').query({ limit: 500 }).reply(200, { results: [{ toObjectId: 11, associationTypes: [] }, { toObjectId: 12, associationTypes: [] }] });
    api()
      .post('/crm/v3/objects/notes/batch/read', { inputs: [{ id: '11' }, { id: '12' }], properties: ['hs_note_body'], propertiesWithHistory: [] })
      .query({ archived: 'false' })
      .reply(200, { status: 'COMPLETE', results: [{ id: '12', properties: { hs_note_body: 'x leadloop ref k1' }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false }] });
    expect(await crm().findNoteWithMarker(PORTAL, '7', 'leadloop ref k1')).toBe('12');
  });

  it('lists owners across pages', async () => {
    api().get('/crm/v3/owners/').query({ limit: 100, archived: 'false' }).reply(200, { results: [{ id: '1', email: 'a@x.io', firstName: 'Ann', lastName: 'A', archived: false, userId: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }], paging: { next: { after: 'p2' } } });
    api().get('/crm/v3/owners/').query({ after: 'p2', limit: 100, archived: 'false' }).reply(200, { results: [{ id: '2', email: 'b@x.io', firstName: 'Bo', lastName: 'B', archived: false, userId: 2, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }] });
    expect((await crm().listOwners(PORTAL)).map((o) => o.id)).toEqual(['1', '2']);
  });

  it('reads form submissions through the client\'s generic request', async () => {
    api().get('/form-integrations/v1/submissions/forms/f-demo').query({ limit: 20 }).reply(200, { results: [{ conversionId: 'c1', submittedAt: 1_764_000_000_000, values: [{ name: 'email', value: 'a@x.io' }], pageUrl: 'https://x.io/demo' }] });
    expect(await crm().listFormSubmissions(PORTAL, 'f-demo', 20)).toEqual({ results: [{ conversionId: 'c1', submittedAt: 1_764_000_000_000, pageUrl: 'https://x.io/demo', values: [{ name: 'email', value: 'a@x.io' }] }], after: undefined });
  });

  it('`crm setup` creates the group and only the missing properties, and is idempotent; --dry-run writes nothing', async () => {
    const all = LEADLOOP_PROPERTIES.map((p) => p.name);
    api().get('/crm/v3/properties/contacts/groups/leadloop').reply(404, { status: 'error', message: 'group not found', category: 'OBJECT_NOT_FOUND' });
    api().get('/crm/v3/properties/contacts').query({ archived: 'false' }).reply(200, { results: [{ name: 'email' }, { name: all[0] }] });
    let created: string[] = [];
    api().post('/crm/v3/properties/contacts/groups', { name: 'leadloop', label: 'leadloop', displayOrder: -1 }).reply(201, { name: 'leadloop', label: 'leadloop', displayOrder: -1, archived: false });
    api().post('/crm/v3/properties/contacts/batch/create', (b: { inputs: Array<{ name: string; groupName: string }> }) => ((created = b.inputs.map((i) => i.name)), b.inputs.every((i) => i.groupName === 'leadloop'))).reply(201, { status: 'COMPLETE', results: [] });
    const steps = await setupCrmProperties(crm(), PORTAL, { dryRun: false });
    expect(created).toEqual(all.slice(1));
    expect(created).not.toContain('hubspotscore');
    expect(steps.filter((s) => s.action === 'exists').map((s) => s.name)).toEqual([all[0]]);

    // dry run: reads only
    api().get('/crm/v3/properties/contacts/groups/leadloop').reply(200, { name: 'leadloop', label: 'leadloop', displayOrder: -1, archived: false });
    api().get('/crm/v3/properties/contacts').query({ archived: 'false' }).reply(200, { results: all.map((name) => ({ name, options: LEADLOOP_PROPERTIES.find((p) => p.name === name)!.options ?? [] })) });
    expect((await setupCrmProperties(crm(), PORTAL, { dryRun: true })).every((s) => s.action === 'exists')).toBe(true);
  });
});

describe('HubSpot CRM adapter: errors', () => {
  const read = () => crm().readContacts(PORTAL, ['1'], ['email']);
  const readCall = () => api().post('/crm/v3/objects/contacts/batch/read').query(true);
  const ok = { status: 'COMPLETE', results: [] };

  it('429: pauses the portal for HubSpot\'s hint and retries', async () => {
    readCall().reply(429, { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' }, { 'Retry-After': '0.02' });
    readCall().reply(200, ok);
    await expect(read()).resolves.toEqual([]);
  });

  it('5xx: retried with backoff; still failing, a retryable CRM.UNAVAILABLE', async () => {
    readCall().reply(502, 'Bad Gateway');
    readCall().reply(200, ok);
    await expect(read()).resolves.toEqual([]);
    readCall().times(3).reply(503, { status: 'error', message: 'Service Unavailable' });
    await expect(read()).rejects.toMatchObject({ code: 'CRM.UNAVAILABLE', retryable: true });
  });

  it('network failure (a real refused connection): retried, then CRM.UNAVAILABLE', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((r) => server.close(r));
    nock.enableNetConnect('127.0.0.1');
    try {
      let attempts = 0;
      const unreachable = createHubspotCrm({ baseUrl: `http://127.0.0.1:${port}`, tokenFor: async () => 't', retry: fast, onCall: () => (attempts += 1) });
      await expect(unreachable.readContacts(PORTAL, ['1'], ['email'])).rejects.toMatchObject({ code: 'CRM.UNAVAILABLE', retryable: true, message: expect.stringContaining('could not be reached') });
      expect(attempts).toBe(3);
    } finally {
      nock.disableNetConnect();
    }
  });

  it('401: CRM.UNAUTHORIZED, not retried, saying what to fix', async () => {
    readCall().once().reply(401, { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' });
    const error = (await read().catch((e: unknown) => e)) as CrmError;
    expect(error).toBeInstanceOf(CrmError);
    expect(error).toMatchObject({ code: 'CRM.UNAUTHORIZED', retryable: false });
    expect(error.message).toMatch(/Authentication credentials not found.*check the access token/);
  });

  it('400: CRM.VALIDATION carrying HubSpot\'s message, never retried', async () => {
    api().post('/crm/v3/objects/contacts/batch/update').once().reply(400, { status: 'error', message: 'Property values were not valid: leadloop_fit_grade "E" is not an option', category: 'VALIDATION_ERROR' });
    await expect(crm().updateContacts(PORTAL, [{ id: '1', properties: { leadloop_fit_grade: 'E' } }])).rejects.toMatchObject({
      code: 'CRM.VALIDATION',
      retryable: false,
      message: expect.stringContaining('"E" is not an option'),
    });
  });

  it('a daily-limit 429 is not retried', async () => {
    readCall().once().reply(429, { status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', policyName: 'DAILY' });
    await expect(read()).rejects.toMatchObject({ code: 'CRM.RATE_LIMITED', retryable: false });
  });
});

describe('private-app tokens', () => {
  it('learn their portal once and refuse to serve another portal', async () => {
    nock(BASE).get('/account-info/v3/details').once().reply(200, { portalId: PORTAL, timeZone: 'US/Eastern', uiDomain: 'app.hubspot.com' });
    const tokenFor = privateAppTokens('pat-x', BASE);
    await expect(tokenFor(PORTAL)).resolves.toBe('pat-x');
    await expect(tokenFor(PORTAL)).resolves.toBe('pat-x');
    await expect(tokenFor(999)).rejects.toMatchObject({ code: 'CRM.UNAUTHORIZED', retryable: false, message: expect.stringContaining('no token for portal 999') });
  });

  it('a 429 on the account details (a backfill filled the window) waits for HubSpot\'s hint and asks again', async () => {
    const scope = nock(BASE)
      .get('/account-info/v3/details')
      .once()
      .reply(429, { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' }, { 'Retry-After': '0.05' })
      .get('/account-info/v3/details')
      .once()
      .reply(200, { portalId: PORTAL, timeZone: 'US/Eastern', uiDomain: 'app.hubspot.com' });
    await expect(privateAppTokens('pat-y', BASE)(PORTAL)).resolves.toBe('pat-y');
    expect(scope.isDone()).toBe(true);
  });
});

describe('rate limiter', () => {
  // Jest's fake timers are the limiter's clock and its sleeps: the test says when time passes, not the machine.
  beforeEach(() => jest.useFakeTimers({ now: 0, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  it('never starts more than `max` requests in any window', async () => {
    const clock = () => jest.now();
    const limiter = createRateLimiter({ max: 3, windowMs: 100 }, clock);
    const starts: number[] = [];
    const all = Promise.all(Array.from({ length: 9 }, async () => {
      await limiter.acquire();
      starts.push(clock());
    }));
    await jest.advanceTimersByTimeAsync(1_000);
    await all;
    // Three at once, then three more just after the first three leave the 100 ms window, and so on.
    expect(starts).toEqual([0, 0, 0, 101, 101, 101, 202, 202, 202]);
    for (let i = 3; i < starts.length; i++) expect(starts[i]! - starts[i - 3]!).toBeGreaterThanOrEqual(100);
  });

  it('holds every request for HubSpot\'s 429 pause', async () => {
    const clock = () => jest.now();
    const limiter = createRateLimiter({ max: 10, windowMs: 100 }, clock);
    await limiter.acquire();
    limiter.pause(2_000);
    let startedAt: number | null = null;
    const next = limiter.acquire().then(() => (startedAt = clock()));
    await jest.advanceTimersByTimeAsync(5_000);
    await next;
    expect(startedAt).toBe(2_000); // not a moment before the pause ends, nor later
  });
});
