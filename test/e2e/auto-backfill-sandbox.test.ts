import { startSandboxPair, type SandboxPair } from '../helpers/start-sandbox-pair';
import { waitFor } from '../helpers/start-test-app';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const CONTACTS = 30;

let pair: SandboxPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

const get = async (url: string, token: string) => {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, text: await res.text() };
};

test('a fresh start with the auto-backfill scores every seeded contact without anyone asking, and shows its progress', async () => {
  pair = await startSandboxPair({ contacts: CONTACTS, now: () => NOW }, {}, { autoBackfill: 'install-and-start' });
  const { app, sandbox } = pair;
  const portalId = sandbox.portal.portalId;
  await waitFor(() => app.backfill?.state(portalId).status === 'finished', 20_000, 'the backfill to finish');
  const ids = [...sandbox.portal.table('contacts').keys()];
  expect(ids).toHaveLength(CONTACTS);
  const decided = app.query<{ contact_id: string }>('select distinct contact_id from decisions where portal_id = ?', portalId).map((r) => r.contact_id);
  expect(decided.sort()).toEqual(ids.sort());
  // No SLA clock for MQLs that existed before leadloop (no --open-sla).
  expect(app.query('select * from sla_items')).toHaveLength(0);

  const api = await get(`${app.url}/api/backfill`, app.adminToken);
  expect(api.status).toBe(200);
  expect(JSON.parse(api.text)).toEqual({ portalId, status: 'finished', done: CONTACTS, total: CONTACTS, etaSeconds: 0 });
  expect((await fetch(`${app.url}/api/backfill`)).status).toBe(401);
  const metrics = await get(`${app.url}/metrics`, app.adminToken);
  expect(metrics.text).toContain(`leadloop_backfill_contacts_done{portal="${portalId}"} ${CONTACTS}`);
  expect(metrics.text).toContain(`leadloop_backfill_contacts_total{portal="${portalId}"} ${CONTACTS}`);
  expect(metrics.text).toContain(`leadloop_backfill_eta_seconds{portal="${portalId}"} 0`);
});

test('without the option nothing is backfilled, and a finished portal is not backfilled again at the next start', async () => {
  pair = await startSandboxPair({ contacts: 5, now: () => NOW });
  expect(pair.app.backfill?.state(pair.sandbox.portal.portalId).status).toBe('idle');
  await pair.app.backfill!.start(pair.sandbox.portal.portalId);
  await pair.app.backfill!.whenIdle();
  const searches = pair.sandbox.apiStats.calls;
  await pair.app.backfill!.start(pair.sandbox.portal.portalId, { ifNew: true });
  await pair.app.backfill!.whenIdle();
  expect(pair.sandbox.apiStats.calls).toBe(searches);
});
