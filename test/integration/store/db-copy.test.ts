import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { claimDataDir } from '../../../src/runtime/instance-lock';
import { SANDBOX_FORMS, SANDBOX_OWNERS } from '../../../src/sandbox/seed-portal';
import { copyDatabase } from '../../../src/store/copy-database';
import { createStore } from '../../../src/store/create-store';
import type { NewWebhookEvent } from '../../../src/store/store-port';
import { startSandboxPair } from '../../helpers/start-sandbox-pair';
import { waitFor } from '../../helpers/start-test-app';
import { createPgDatabase, listTables, pgAdminUrl, queryDatabase } from '../../helpers/test-database';
import { testClock, testNow } from '../../helpers/test-clock';
import { waitUntilPairSettled } from '../../helpers/wait-until-pair-settled';

const CLI = path.resolve(__dirname, '../../../dist/cli/leadloop.js');
const TODAY = testNow();
const clock = testClock(TODAY.instant);
const DAY = 86_400_000;

/** `leadloop …` as a user runs it: the built CLI in its own process. */
function leadloop(...args: string[]) {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does)`);
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const event = (n: number): NewWebhookEvent => ({
  portalId: 42, subscriptionId: 9, eventId: `bulk-${n}`, occurredAt: 1_700_000_000_000 + n, subscriptionType: 'contact.propertyChange',
  subjectKey: `42:contact:${n % 50}`, objectId: String(n % 50), propertyName: 'jobtitle', propertyValue: `title ${n} with 'quotes' and ünïcode`,
  changeSource: 'CRM_UI', sourceId: null, attemptNumber: 0, payload: JSON.stringify({ n }), status: 'ignored',
});

/**
 * A SQLite file filled the way a user's is: the sandbox delivers form submissions, leadloop scores them, routes
 * the MQLs, writes notes and runs an SLA audit; the tables no such run touches (an OAuth install, an erasure, a
 * deal link, a backfill…) are written through the store's own API. 2,500 more deliveries make the copy page.
 */
async function populateSqlite(): Promise<string> {
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
function contents(url: string, tables: string[]): Record<string, string[]> {
  const sorted = (r: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))));
  return Object.fromEntries(tables.map((t) => [t, queryDatabase(url, `select * from ${t}`).map(sorted).sort()]));
}

const maxId = (url: string, table: string) => queryDatabase<{ m: number }>(url, `select max(id) as m from ${table}`)[0]!.m;

describe('leadloop db copy', () => {
  let source: string;
  let tables: string[];
  beforeAll(async () => {
    source = await populateSqlite();
    tables = listTables(source).sort();
  }, 60_000);

  it('starts from a source where every leadloop table holds rows (else a table left behind would go unnoticed)', () => {
    expect(tables.length).toBeGreaterThanOrEqual(20);
    const empty = tables.filter((t) => queryDatabase<{ n: number }>(source, `select count(*) as n from ${t}`)[0]!.n === 0);
    expect(empty).toEqual([]);
  });

  (pgAdminUrl() ? it : it.skip)('copies a populated SQLite file into PostgreSQL row for row, ids kept, sequences moved on', async () => {
    const dest = createPgDatabase();
    const before = contents(source, tables);

    const dry = leadloop('db', 'copy', '--from', source, '--to', dest, '--dry-run');
    expect(dry.code).toBe(0);
    for (const t of tables) expect(dry.stdout).toMatch(new RegExp(`^would copy ${t} +${before[t]!.length} rows$`, 'm'));
    expect(listTables(dest)).toEqual([]); // a dry run migrates nothing

    const run = leadloop('db', 'copy', '--from', source, '--to', dest);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(listTables(dest).sort()).toEqual(tables);
    expect(contents(dest, tables)).toEqual(before);
    for (const t of tables) expect(run.stdout).toContain(`copied ${t}`);
    // The password never shows.
    const password = new URL(dest).password;
    expect(run.stdout).not.toContain(`:${password}@`);
    expect(run.stdout).toContain(':***@');

    // New rows continue after the copied ids, as the next delivery and the next MQL would.
    const eventsMax = maxId(dest, 'webhook_events');
    const itemsMax = maxId(dest, 'sla_items');
    const store = await createStore(dest);
    try {
      await store.insertWebhookEvents([{ ...event(9999), eventId: 'after-copy' }], clock.now());
      const at = clock.now();
      const item = await store.openSlaItem({ portalId: 77, contactId: 'after-copy', openedAt: at, ownerId: null, clockStartAt: at, firstTouchDueAt: at + DAY, firstTouchAt: null, touches: [], noticesGiven: [], status: 'open', nextCheckAt: at + DAY });
      expect(item.id).toBeGreaterThan(itemsMax);
    } finally {
      await store.close();
    }
    expect(queryDatabase<{ id: number }>(dest, "select id from webhook_events where event_id = 'after-copy'")[0]!.id).toBeGreaterThan(eventsMax);

    // A second copy into the filled database is refused, and writes nothing.
    const again = leadloop('db', 'copy', '--from', source, '--to', dest);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--to|destination already holds leadloop data/);
    expect(again.stderr).not.toContain(`:${password}@`);
    expect(queryDatabase<{ n: number }>(dest, 'select count(*) as n from webhook_events')[0]!.n).toBe(before.webhook_events!.length + 1);
  }, 60_000);

  it('copies into a SQLite file the same way (the code path for PostgreSQL → SQLite too)', () => {
    const dest = `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-copy-dst-')), 'copy.sqlite')}`;
    const before = contents(source, tables);
    const run = leadloop('db', 'copy', '--from', source, '--to', dest);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(contents(dest, tables)).toEqual(before);
    const again = leadloop('db', 'copy', '--from', source, '--to', dest);
    expect([again.code, again.stderr]).toEqual([2, expect.stringMatching(/destination already holds leadloop data: .*webhook_events \(2\d{3}\)/)]);
  });

  it('pages through keys of one, two and three columns without losing or repeating a row (pages of 2 rows)', async () => {
    const dest = `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-copy-pages-')), 'copy.sqlite')}`;
    const seen: string[] = [];
    await copyDatabase(source, dest, { pageSize: 2, onProgress: (p) => seen.push(p.table) });
    expect(contents(dest, tables)).toEqual(contents(source, tables));
    // score_ledger (3-column key) and contacts (2 columns) really took several pages.
    expect(seen.filter((t) => t === 'score_ledger').length).toBeGreaterThan(5);
    expect(seen.filter((t) => t === 'contacts').length).toBeGreaterThan(1);
  });

  it('refuses a source file a running leadloop holds, and a dry run only warns', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-copy-lock-'));
    const file = source.replace(/^sqlite:/, '');
    const lock = claimDataDir(dataDir, file); // what a running `leadloop start` holds on its file
    try {
      const dest = `sqlite:${path.join(dataDir, 'dest.sqlite')}`;
      const run = leadloop('db', 'copy', '--from', source, '--to', dest);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--from: a running leadloop (pid ${process.pid}`);
      expect(fs.existsSync(path.join(dataDir, 'dest.sqlite'))).toBe(false);
      const dry = leadloop('db', 'copy', '--from', source, '--to', dest, '--dry-run');
      expect(dry.code).toBe(0);
      expect(dry.stderr).toContain('warning: --from: a running leadloop');
    } finally {
      lock.release();
    }
  });

  it('names the flag and the reason for a bad URL, never echoing a password', () => {
    const bad = leadloop('db', 'copy', '--from', source, '--to', 'mysql://admin:hunter2@db/leadloop');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^leadloop: --to: the scheme "mysql:" is not supported/);
    expect(bad.stderr).not.toContain('hunter2');
    const missing = leadloop('db', 'copy', '--from', 'sqlite:/nonexistent/leadloop.sqlite', '--to', 'sqlite::memory:');
    expect(missing.stderr).toMatch(/--to: an in-memory database/);
    expect(leadloop('db', 'copy', '--help').stdout).toMatch(/--dry-run/);
  });
});
