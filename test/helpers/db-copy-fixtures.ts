import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SANDBOX_FORMS, SANDBOX_OWNERS } from '../../src/sandbox/seed-portal';
import type { NewWebhookEvent } from '../../src/store/store-port';
import { startSandboxPair } from './start-sandbox-pair';
import { waitFor } from './start-test-app';
import { queryDatabase } from './test-database';
import { testClock, testNow } from './test-clock';
import { waitUntilPairSettled } from './wait-until-pair-settled';

/** What the `leadloop db copy` tests share: a SQLite file filled as a user's is, the CLI, a table-by-table read. */
const CLI = path.resolve(__dirname, '../../dist/cli/leadloop.js');
export const clock = testClock(testNow().instant);
export const DAY = 86_400_000;

/** `leadloop …` as a user runs it: the built CLI in its own process. */
export function leadloop(...args: string[]) {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does)`);
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const event = (n: number): NewWebhookEvent => ({
  portalId: 42, subscriptionId: 9, eventId: `bulk-${n}`, occurredAt: 1_700_000_000_000 + n, subscriptionType: 'contact.propertyChange',
  subjectKey: `42:contact:${n % 50}`, objectId: String(n % 50), propertyName: 'jobtitle', propertyValue: `title ${n} with 'quotes' and ünïcode`,
  changeSource: 'CRM_UI', sourceId: null, attemptNumber: 0, payload: JSON.stringify({ n }), status: 'ignored',
});

/**
 * A SQLite file filled the way a user's is: the sandbox delivers form submissions, leadloop scores them, routes
 * the MQLs, writes notes and runs an SLA audit; the tables no such run touches (an OAuth install, an erasure, a
 * deal link, a backfill…) are written through the store's own API. 2,500 more deliveries make the copy page.
 */
export async function populateSqlite(): Promise<string> {
  const url = `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-copy-src-')), 'leadloop.sqlite')}`;
  const pair = await startSandboxPair({ now: clock.now }, { DATABASE_URL: url });
  try {
    const { portal } = pair.sandbox;
    portal.owners.push(...SANDBOX_OWNERS.map((o) => ({ ...o, archived: false })));
    portal.forms.push({ ...SANDBOX_FORMS.demoRequest });
    const people = [
      { email: 'june@kestrel.example', jobtitle: 'VP Marketing', company: 'Kestrel Media', numemployees: '500-1000', industry: 'Marketing & Advertising', country: 'Ireland' },
      { email: 'dana.director@meridian.example', jobtitle: 'Director of Marketing', company: 'Meridian Software', numemployees: '100-500', industry: 'Software', country: 'United States' },
      { email: 'kim.student@gmail.com', jobtitle: 'Marketing Student', numemployees: '1-5' },
    ];
    for (const fields of people) await pair.hubspot('POST', `/submissions/v3/integration/submit/${portal.portalId}/${SANDBOX_FORMS.demoRequest.id}`, { fields: Object.entries(fields).map(([name, value]) => ({ name, value })) }, false);
    const mql = (email: string) => portal.contactByEmail(email)?.properties.leadloop_sla_status === 'open';
    await waitFor(() => mql('june@kestrel.example') && mql('dana.director@meridian.example'), 10_000, 'two MQLs routed with an SLA');
    await waitUntilPairSettled(pair);
    await pair.app.slaAudit.run(clock.now() + 10 * DAY);
    await waitUntilPairSettled(pair);

    const store = pair.app.store;
    const now = clock.now();
    await store.savePortal({ portalId: 77, sealedAccessToken: 'sealed-a', sealedRefreshToken: 'sealed-r', expiresAt: now + 1800_000, scopes: ['crm.objects.contacts.write'], status: 'active' }, now);
    await store.rememberNonce('nonce-1', now + 600_000);
    await store.eraseContact(77, 'gone-1', now);
    await store.linkDeal(portal.portalId, 'deal-1', portal.contactByEmail('june@kestrel.example')!.id);
    await store.saveReconcileWatermark(portal.portalId, 'contacts', { watermark: now - 5000, afterId: '12' }, now);
    await store.saveBackfillCheckpoint({ portalId: portal.portalId, lastContactId: '99', done: 3, total: 10, status: 'running', startedAt: now, updatedAt: now });
    await store.takeLease('copy-test', 'holder-1', now, 60_000);
    await store.claimJobRun('copy-test', now, 'holder-1', now);
    await store.recordRulesVersion({ hash: 'h-copy', content: '{"rules":[]}', appliedAt: now, author: 'copy test' });
    await store.recordDealOutcome(portal.portalId, { dealId: 'deal-1', outcome: 'won', amount: 1200, amountHome: 1200, currency: 'USD', closedAt: now }, now);
    await store.claimReviewSend({ sendKey: '2026-11:email:ops@example.com', month: '2026-11', channel: 'email', recipient: 'ops@example.com' }, now, 5);
    await store.insertWebhookEvents(Array.from({ length: 2500 }, (_, n) => event(n)), now);
  } finally {
    await pair.close();
  }
  return url;
}

/** Every row of every table, each as sorted JSON (the two databases order text differently): read outside the app. */
export function contents(url: string, tables: string[]): Record<string, string[]> {
  const sorted = (r: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))));
  return Object.fromEntries(tables.map((t) => [t, queryDatabase(url, `select * from ${t}`).map(sorted).sort()]));
}

export const maxId = (url: string, table: string) => queryDatabase<{ m: number }>(url, `select max(id) as m from ${table}`)[0]!.m;
