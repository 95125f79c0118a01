import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// eslint-disable-next-line no-restricted-imports -- the benchmark fakes HubSpot with nock as the tests do; src/bench is dev-only (npm run bench:writeback)
import nock from 'nock';
import { loadConfig } from '../config/load-config';
import { LEADLOOP_PROPERTIES } from '../crm/leadloop-properties';
import { createLogger } from '../log/create-logger';
import { startLeadloop } from '../start-leadloop';
import { progress, signedDelivery } from './bench-support';

// npm run bench:writeback — a burst of 10,000 webhook events over 2,000 contacts through the real pipeline,
// with nock playing HubSpot (a small in-memory CRM). Counts every HubSpot call next to the minimum the
// changed contacts strictly need: ceil(n/100) batched reads, updates and notes.
const EVENTS = 10_000;
const CONTACTS = 2_000;
const PORTAL = 62515;
const SECRET = 'bench-secret';
const BASE = 'https://api.hubapi.com';

type Props = Record<string, string | null>;

async function main(): Promise<void> {
  const crm = new Map<string, Props>();
  const calls: Record<string, number> = {};
  const updated = new Set<string>();
  let notes = 0;
  const count = (what: string) => (calls[what] = (calls[what] ?? 0) + 1);

  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const hubspot = nock(BASE).persist();
  hubspot.get('/account-info/v3/details').reply(200, () => (count('account'), { portalId: PORTAL }));
  // MQLs without an owner are routed round robin over the portal's owners (listed once, cached for minutes).
  hubspot.get('/crm/v3/owners/').query(true).reply(200, () => (count('owners'), { results: [1, 2, 3].map((i) => ({ id: String(7000 + i), email: `rep${i}@example.com`, firstName: 'Rep', lastName: String(i), userId: i, archived: false })) }));
  // Before the first write, leadloop checks its properties exist (they do): two calls per portal per process.
  hubspot.get('/crm/v3/properties/contacts/groups/leadloop').reply(200, () => (count('setup'), { name: 'leadloop', label: 'leadloop', displayOrder: -1, archived: false }));
  hubspot.get('/crm/v3/properties/contacts').query(true).reply(200, () => (count('setup'), { results: LEADLOOP_PROPERTIES.map((p) => ({ name: p.name, label: p.label, type: p.type, fieldType: p.fieldType, groupName: 'leadloop', options: p.options ?? [] })) }));
  hubspot.post('/crm/v3/objects/contacts/batch/read').query(true).reply(200, (_u, body: { inputs: Array<{ id: string }>; properties: string[] }) => {
    count('read');
    const results = body.inputs.map(({ id }) => ({ id, properties: Object.fromEntries(body.properties.map((p) => [p, crm.get(id)?.[p] ?? null])), createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false }));
    return { status: 'COMPLETE', results };
  });
  hubspot.post('/crm/v3/objects/contacts/batch/update').reply(200, (_u, body: { inputs: Array<{ id: string; properties: Props }> }) => {
    count('update');
    for (const { id, properties } of body.inputs) {
      crm.set(id, { ...crm.get(id), ...properties });
      updated.add(id);
    }
    return { status: 'COMPLETE', results: [] };
  });
  hubspot.post('/crm/v3/objects/notes/batch/create').reply(201, (_u, body: { inputs: Array<{ properties: Props }> }) => {
    count('notes');
    notes += body.inputs.length;
    return { status: 'COMPLETE', results: body.inputs.map((n, i) => ({ id: `n${notes}-${i}`, properties: n.properties, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false })) };
  });

  // The Forms API: which form a conversion was, and its fields (newest first, 50 a page).
  let deliveredUntil = 0;
  const submissions = new Map<string, Array<{ conversionId: string; submittedAt: number; values: Array<{ name: string; value: string }> }>>();
  const FORMS = [{ id: 'f-demo', name: 'Demo request' }, { id: 'f-news', name: 'Newsletter' }];
  hubspot.get('/marketing/v3/forms').query(true).reply(200, () => (count('forms'), { results: FORMS }));
  hubspot.get(/\/form-integrations\/v1\/submissions\/forms\/.+/).reply(200, (uri) => {
    count('submissions');
    const url = new URL(uri, BASE);
    // HubSpot lists a submission once it happened: here, once its conversion event has been delivered.
    const list = (submissions.get(url.pathname.split('/').at(-1)!) ?? []).filter((x) => x.submittedAt <= deliveredUntil).sort((a, b) => b.submittedAt - a.submittedAt);
    const from = Number(url.searchParams.get('after') ?? 0);
    const page = list.slice(from, from + 50);
    return { results: page, ...(from + 50 < list.length ? { paging: { next: { after: String(from + 50) } } } : {}) };
  });

  const titles = ['VP Marketing', 'Head of Sales', 'Engineer', 'Student'];
  const sizes = ['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+'];
  for (let c = 1; c <= CONTACTS; c++) crm.set(String(c), { lifecyclestage: 'lead', jobtitle: titles[c % 4]!, company: 'Acme', numemployees: sizes[c % 7]!, industry: c % 3 ? 'Software' : 'Retail', country: 'United States', email: `p${c}@acme.io` });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-bench-wb-'));
  const config = loadConfig({
    PORT: '0', DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, LEADLOOP_DATA_DIR: dir, HUBSPOT_CLIENT_SECRET: SECRET,
    HUBSPOT_ACCESS_TOKEN: 'pat-bench', HUBSPOT_BASE_URL: BASE, LOG_LEVEL: 'warn',
    // the documented limit is not what this benchmark measures: keep it out of the way
    LEADLOOP_HUBSPOT_MAX_REQUESTS: '100000',
  });
  const app = await startLeadloop(config, { logger: createLogger({ level: 'warn' }), host: '127.0.0.1' });
  const url = `${app.url}/webhooks/hubspot`;

  // 5 events per contact: three profile changes, then a form submission (a demo request for every 4th contact).
  const t0 = Date.now() - 60_000;
  const events: Array<Record<string, unknown>> = [];
  for (let round = 0; round < EVENTS / CONTACTS; round++) {
    for (let c = 1; c <= CONTACTS; c++) {
      const at = t0 + round * 1000 + c;
      const [propertyName, propertyValue] =
        round === 0 ? ['hs_analytics_num_page_views', '3'] : round === 1 ? ['hs_email_open', '2'] : round === 2 ? ['country', 'United States'] : round === 3 ? ['recent_conversion_event_name', c % 4 === 1 ? 'Demo request' : 'Newsletter'] : ['recent_conversion_date', String(at)];
      if (round === 4) {
        const formId = c % 4 === 1 ? 'f-demo' : 'f-news';
        submissions.set(formId, [...(submissions.get(formId) ?? []), { conversionId: `c${c}`, submittedAt: at, values: [{ name: 'email', value: `p${c}@acme.io` }] }]);
      }
      events.push({ eventId: events.length + 1, subscriptionId: 1, portalId: PORTAL, appId: 1, occurredAt: at, subscriptionType: 'contact.propertyChange', attemptNumber: 0, objectId: c, propertyName, propertyValue, changeSource: 'CRM_UI' });
    }
  }
  const started = performance.now();
  for (let i = 0; i < events.length; i += 100) {
    const batch = events.slice(i, i + 100);
    deliveredUntil = Math.max(deliveredUntil, ...batch.map((e) => e.occurredAt as number));
    const res = await fetch(url, signedDelivery(SECRET, url, batch));
    if (!res.ok) throw new Error(`delivery refused: ${res.status} ${await res.text()}`);
    progress('burst', i + 100, events.length);
  }
  for (;;) {
    const q = await app.store.queueCounts();
    if (q.pending === 0 && q.processing === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 500)); // let the last write-back window close
  const seconds = (performance.now() - started) / 1000;
  const dead = (await app.store.queueCounts()).dead;
  const enriched = await app.store.loadContact(PORTAL, '1').then((c) => c?.activities.find((a) => a.kind === 'form_submitted'));
  await app.close();
  nock.cleanAll();
  nock.enableNetConnect();

  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  // Which form and which fields (the Forms API) is work the contacts strictly need too: one forms list, and
  // every submission read once, 50 a page.
  const submissionCount = [...submissions.values()].reduce((n, l) => n + l.length, 0);
  const formPages = 1 + [...submissions.values()].reduce((n, l) => n + Math.ceil(l.length / 50), 0);
  // + 2: the check that leadloop's property group and properties exist, once per portal per process; + 1: the
  // owners list that routes unowned MQLs (cached for minutes).
  const minimum = Math.ceil(CONTACTS / 100) + Math.ceil(updated.size / 100) + Math.ceil(notes / 100) + formPages + 2 + 1;
  const formLookups = (calls.forms ?? 0) + (calls.submissions ?? 0);
  console.log(`events: ${EVENTS} over ${CONTACTS} contacts in ${seconds.toFixed(1)} s; ${updated.size} contacts updated, ${notes} notes, ${dead} dead letters`);
  console.log(`HubSpot calls: ${JSON.stringify(calls)}; contact 1's submission: ${JSON.stringify(enriched)}`);
  console.log(`minimum: ${Math.ceil(CONTACTS / 100)} reads + ${Math.ceil(updated.size / 100)} updates + ${Math.ceil(notes / 100)} note batches + 2 property checks + 1 owners list + ${formPages} Forms API pages (${submissionCount} submissions); made ${formLookups} Forms API calls`);
  console.log(`with the Forms API: calls ${total}, minimum ${minimum}, ratio ${(total / minimum).toFixed(2)}`);
  // The figure: the CRM calls (reads, updates, notes, account) against the batched reads, updates and
  // notes the changed contacts strictly need.
  console.log(`writeback: calls ${total - formLookups}, minimum ${minimum - formPages}, ratio ${((total - formLookups) / (minimum - formPages)).toFixed(2)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
