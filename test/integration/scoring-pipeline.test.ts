import { listTables } from '../helpers/test-database';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { deliver } from '../helpers/deliver';
import { contactEvent } from '../helpers/hubspot-signing';
import { startTestApp, waitFor, type TestApp } from '../helpers/start-test-app';

const CLI = path.resolve(__dirname, '../../dist/cli/leadloop.js');
const T0 = Date.now() - 60_000;

const change = (objectId: number, propertyName: string, propertyValue: string, at: number) =>
  contactEvent({ objectId, subscriptionType: 'contact.propertyChange', propertyName, propertyValue, occurredAt: at });

function profile(objectId: number, at: number, overrides: Record<string, string> = {}) {
  const props: Record<string, string> = {
    email: 'dana@acme-software.com', jobtitle: 'VP Marketing', company: 'Acme Software', numemployees: '100-500',
    industry: 'Software', country: 'United States', lifecyclestage: 'lead', ...overrides,
  };
  return [contactEvent({ objectId, occurredAt: at }), ...Object.entries(props).map(([k, v], i) => change(objectId, k, v, at + i + 1))];
}

const demoRequest = (objectId: number, at: number) => [
  change(objectId, 'recent_conversion_event_name', 'Demo request', at),
  change(objectId, 'num_conversion_events', '1', at),
  change(objectId, 'recent_conversion_date', String(at), at),
];

describe('scoring pipeline: webhooks → engine → stored decision', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const decisions = (contactId: string) => app.query<{ stage_to: string; score: number; cell: string; explanation: string }>('select stage_to, score, cell, explanation from decisions where contact_id = ? order by id', contactId);

  it('a target-profile lead who submits the demo-request form becomes an MQL, with its ledger and explanation', async () => {
    await deliver(app, [...profile(501, T0), ...demoRequest(501, T0 + 100)]);
    await waitFor(() => decisions('501').some((d) => d.stage_to === 'marketingqualifiedlead'), 5000, 'MQL decision');
    const last = decisions('501').at(-1)!;
    expect(last.cell).toBe('readyTarget');
    expect(last.explanation).toContain('from Lead to Marketing qualified lead');
    const ledger = app.query<{ rule_id: string; points: number; config_hash: string }>("select rule_id, points, config_hash from score_ledger where contact_id = '501' order by line_no");
    expect(ledger.map((l) => l.rule_id)).toEqual(expect.arrayContaining(['title-decision-maker', 'form-demo-request']));
    expect(Math.round(ledger.reduce((s, l) => s + l.points * 100, 0)) / 100).toBe(last.score);
    expect(new Set(ledger.map((l) => l.config_hash)).size).toBe(1);
  });

  it('a non-target contact submitting the same form stays a lead and gets the realign tactic', async () => {
    await deliver(app, [...profile(502, T0, { jobtitle: 'Student', email: 'sam@gmail.com', numemployees: '1-5', industry: 'Education', country: 'Chile' }), ...demoRequest(502, T0 + 100)]);
    await waitFor(() => decisions('502').some((d) => d.cell === 'readyNotTarget'), 5000, 'decision');
    expect(decisions('502').at(-1)!.stage_to).toBe('lead');
  });

  it('a redelivered submission adds no second activity, and a late older value does not overwrite a newer one', async () => {
    await deliver(app, [...profile(503, T0), ...demoRequest(503, T0 + 100)]);
    await waitFor(() => decisions('503').length > 0);
    // a second delivery of the same submission, as HubSpot's retries or a second property subscription would send
    await deliver(app, demoRequest(503, T0 + 100).map((e) => ({ ...e, eventId: (e.eventId as number) + 9_000_000 })));
    await deliver(app, [change(503, 'jobtitle', 'Intern', T0 - 10_000)]);
    await waitFor(() => app.query("select 1 from webhook_events where object_id = '503' and status != 'done'").length === 0);
    expect(app.query("select * from contact_activities where contact_id = '503' and kind = 'form_submitted'")).toHaveLength(1);
    const props = JSON.parse(app.query<{ properties: string }>("select properties from contacts where contact_id = '503'")[0]!.properties);
    expect(props.jobtitle.value).toBe('VP Marketing');
  });

  it('a deal associated and then closed won makes the contact a customer', async () => {
    await deliver(app, profile(504, T0, { lifecyclestage: 'salesqualifiedlead' }));
    await deliver(app, [contactEvent({ subscriptionType: 'contact.associationChange', objectId: undefined, associationType: 'CONTACT_TO_DEAL', fromObjectId: 504, toObjectId: 9001, associationRemoved: false, occurredAt: T0 + 200 })]);
    await waitFor(() => decisions('504').some((d) => d.stage_to === 'opportunity'), 5000, 'opportunity');
    await deliver(app, [contactEvent({ subscriptionType: 'deal.propertyChange', objectId: 9001, propertyName: 'dealstage', propertyValue: 'closedwon', occurredAt: T0 + 300 })]);
    await waitFor(() => decisions('504').some((d) => d.stage_to === 'customer'), 5000, 'customer');
  });

  it('a privacy deletion (and its contact.deletion, before or after) leaves no row mentioning the contact', async () => {
    await deliver(app, [...profile(505, T0, { email: 'erase.me@acme.io' }), ...demoRequest(505, T0 + 100)]);
    await waitFor(() => decisions('505').length > 0, 5000, 'decision');
    await deliver(app, [contactEvent({ objectId: 505, subscriptionType: 'contact.privacyDeletion', occurredAt: T0 + 500 })]);
    await waitFor(() => decisions('505').length === 0, 5000, 'erasure');
    await deliver(app, [contactEvent({ objectId: 505, subscriptionType: 'contact.deletion', occurredAt: T0 + 400 })]);
    await waitFor(() => app.query("select 1 from webhook_events where status not in ('done','ignored')").length === 0);
    const tables = listTables(app.databaseUrl);
    expect(tables).toEqual(expect.arrayContaining(['webhook_events', 'contacts', 'contact_activities', 'decisions', 'score_ledger', 'contact_events', 'erased_contacts']));
    for (const table of tables) {
      for (const row of app.query<Record<string, unknown>>(`select * from ${table}`)) {
        const text = JSON.stringify(row);
        expect(text).not.toContain('erase.me@acme.io');
        for (const column of ['object_id', 'contact_id']) expect([table, row[column]]).not.toEqual([table, '505']);
        expect(String(row.subject_key ?? '')).not.toMatch(/:contact:505$/);
      }
    }
    expect(app.logText()).not.toContain('erase.me@acme.io');
  });

  it('`leadloop explain` prints the ledger from the store, summing to the score', async () => {
    // Its own contact: this test runs alone as well as after the others.
    await deliver(app, [...profile(506, T0, { email: 'lee@acme-software.com' }), ...demoRequest(506, T0 + 100)]);
    await waitFor(() => decisions('506').some((d) => d.stage_to === 'marketingqualifiedlead'), 5000, 'MQL decision');
    const dbUrl = app.databaseUrl;
    const out = execFileSync(process.execPath, [CLI, 'explain', '506'], { env: { PATH: process.env.PATH, DATABASE_URL: dbUrl }, encoding: 'utf8' });
    const score = decisions('506').at(-1)!.score;
    expect(out).toContain('title-decision-maker');
    expect(out).toContain(`total ${score}`);
    expect(out).toContain('from Lead to Marketing qualified lead');
  });
});

describe('leadloop score', () => {
  it('prints the breakdown for a contact file', () => {
    const out = execFileSync(process.execPath, [CLI, 'score', '--contact', path.resolve(__dirname, '../fixtures/contacts/target-demo-request.json'), '--at', '2026-11-21T00:00:00Z'], { encoding: 'utf8', cwd: path.resolve(__dirname, '../..') });
    expect(out).toContain('leadloop moved this contact from Lead to Marketing qualified lead.');
    expect(out).toMatch(/ledger sums to 98\.44/);
  });

  it('names the field at fault in a bad contact file, and exits non-zero', () => {
    let error: { status?: number; stderr?: string } = {};
    try {
      execFileSync(process.execPath, [CLI, 'score', '--contact', path.resolve(__dirname, '../fixtures/hubspot/contact.creation.json')], { encoding: 'utf8', stdio: 'pipe', cwd: path.resolve(__dirname, '../..') });
    } catch (e) {
      error = e as typeof error;
    }
    expect(error.status).toBe(2);
    expect(error.stderr).toMatch(/\(root\): .*expected object, received array/);
  });
});
