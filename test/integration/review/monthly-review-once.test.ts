import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { slaSchema, type SlaConfig } from '../../../src/config/sla-schema';
import { reviewMailer, type MailTransport } from '../../../src/notify/review-mailer';
import { createMonthlyReview } from '../../../src/review/monthly-review';
import { buildReviewPack } from '../../../src/review/build-review-pack';
import { sendReview } from '../../../src/review/send-review';
import { createStore } from '../../../src/store/create-store';
import type { Store } from '../../../src/store/store-port';
import { memoryLogger } from '../../helpers/memory-logger';
import { startTestApp, type TestApp } from '../../helpers/start-test-app';

const t = (iso: string) => Date.parse(iso);
const RECIPIENTS = ['ana@meridian.example', 'bo@meridian.example'];

interface RecordedMail {
  to: string;
  subject: string;
  html: string;
  attachments: Array<{ filename: string; contentType: string; cid?: string }>;
  raw: string;
}

/**
 * A nodemailer transport that keeps every message it is given, duplicates included, as built MIME: the test counts
 * what recipients would have received. `failFor` refuses one address the first time, as an SMTP server may.
 */
function recordingTransport(failFor?: string) {
  const mails: RecordedMail[] = [];
  let refused = false;
  return {
    mails,
    transport: {
      name: 'recording',
      version: '1',
      send(mail, done) {
        if (failFor && mail.data.to === failFor && !refused) {
          refused = true;
          return done(new Error('452 mailbox busy'));
        }
        mail.message.build((e, raw) => {
          if (e) return done(e);
          mails.push({ to: String(mail.data.to), subject: String(mail.data.subject), html: String(mail.data.html), attachments: mail.data.attachments as RecordedMail['attachments'], raw: raw.toString('utf8') });
          done(null, { envelope: mail.message.getEnvelope(), messageId: mail.message.messageId() });
        });
      },
    } satisfies MailTransport,
  };
}

const sla: SlaConfig = slaSchema.parse({ ...JSON.parse(fs.readFileSync(path.join(__dirname, '../../../config/sla.json'), 'utf8')), review: { recipients: RECIPIENTS } });

async function seedNovember(store: Store) {
  const row = (id: number, mqlAt: string | null, source: string) => ({
    portalId: 1, contactId: String(id), source, campaign: null, firstForm: 'Demo request', leadAt: t('2026-11-03T15:00:00Z'), mqlAt: mqlAt ? t(mqlAt) : null, sqlAt: null, opportunityAt: null, customerAt: null, rejectedAt: null, emailKey: null, nameKey: null, displayName: null,
  });
  await store.importFunnelRows([row(1, '2026-11-04T15:00:00Z', 'ORGANIC_SEARCH'), row(2, '2026-11-20T15:00:00Z', 'PAID_SEARCH'), row(3, null, 'PAID_SEARCH')]);
}

describe('the monthly review is sent once per month and recipient', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-review-'));
  });

  it('two instances on the same clock, runs every hour, then a restart: each recipient gets November once', async () => {
    const { mails, transport } = recordingTransport();
    const slack: string[] = [];
    const channels = { email: reviewMailer(transport, 'leadloop <leadloop@meridian.example>'), slack: async (text: string) => void slack.push(text) };
    const { logger } = memoryLogger();
    let store = await createStore(`sqlite:${path.join(dir, 'l.sqlite')}`);
    await seedNovember(store);
    const instances = (s: Store, names: string[]) => names.map((holder) => createMonthlyReview({ store: s, sla, channels, logger, holder, publicUrl: 'https://leadloop.meridian.example' }));
    let [a, b] = instances(store, ['a', 'b']);

    // Tuesday 1 December 2026, 08:59 in New York: December's first working day has not opened, nothing is due.
    const early = await Promise.all([a!.run(t('2026-12-01T13:59:00Z')), b!.run(t('2026-12-01T13:59:00Z'))]);
    expect(early.map((r) => r.month)).toEqual([null, null]);
    expect(mails).toEqual([]);

    // 09:00: due. Both instances run at the same moment, and again every hour of the day.
    for (let h = 0; h < 8; h++) {
      const at = t('2026-12-01T14:00:00Z') + h * 3_600_000;
      const runs = await Promise.all([a!.run(at), b!.run(at)]);
      expect(runs.map((r) => r.month)).toEqual(['2026-11', '2026-11']);
    }
    // A restart: the store closed and opened again, new instances; the next day's runs find it sent.
    await store.close();
    store = await createStore(`sqlite:${path.join(dir, 'l.sqlite')}`);
    [a, b] = instances(store, ['c', 'd']);
    await Promise.all([a!.run(t('2026-12-02T14:00:00Z')), b!.run(t('2026-12-02T14:00:00Z'))]);

    const november = mails.filter((m) => m.subject === 'leadloop monthly review: 2026-11');
    expect(november.map((m) => m.to).sort()).toEqual(RECIPIENTS);
    expect(mails).toHaveLength(2);
    expect(slack).toHaveLength(1);
    expect(slack.find((s) => s.includes('2026-11'))).toContain('<https://leadloop.meridian.example/?month=2026-11|Open 2026-11 on the dashboard>');

    // The email: HTML whose charts are inline images it carries, and the CSV attached.
    const m = november[0]!;
    const cids = m.attachments.filter((x) => x.cid).map((x) => x.cid!);
    expect(cids.length).toBeGreaterThanOrEqual(3);
    for (const cid of cids) expect(m.html).toContain(`src="cid:${cid}"`);
    expect(m.attachments.map((x) => x.filename)).toContain('leadloop-review-2026-11.csv');
    expect(m.raw).toMatch(/Content-Type: text\/csv/);
    expect(m.raw).toMatch(/Content-Type: image\/svg\+xml/);
    expect(m.raw).toMatch(/X-Leadloop-Ref: review:2026-11:email:/);
    expect(m.html).toContain('2 MQLs delivered against 200 owed');
    expect(m.html).toContain('Revenue and return by source');
    await store.close();
  });

  it('the claim, not only the lease, keeps it once: two sends of one pack at the same moment', async () => {
    const { mails, transport } = recordingTransport();
    const channels = { email: reviewMailer(transport, 'leadloop <leadloop@meridian.example>') };
    const store = await createStore(`sqlite:${path.join(dir, 'l.sqlite')}`);
    await seedNovember(store);
    const now = t('2026-12-01T15:00:00Z');
    const pack = await buildReviewPack(store, sla, { month: '2026-11', now });
    const [x, y] = await Promise.all([0, 1].map(() => sendReview({ store, pack, recipients: RECIPIENTS, channels, now })));
    expect([...x!, ...y!].map((l) => `${l.recipient} ${l.outcome}`).sort()).toEqual([`${RECIPIENTS[0]} already sent`, `${RECIPIENTS[0]} sent`, `${RECIPIENTS[1]} already sent`, `${RECIPIENTS[1]} sent`]);
    expect(mails.map((m) => m.to).sort()).toEqual(RECIPIENTS);
    await store.close();
  });

  it('a send the mail server refused is sent by the next run, and only that one', async () => {
    const { mails, transport } = recordingTransport(RECIPIENTS[1]);
    const channels = { email: reviewMailer(transport, 'leadloop <leadloop@meridian.example>') };
    const store = await createStore(`sqlite:${path.join(dir, 'l.sqlite')}`);
    await seedNovember(store);
    const now = t('2026-12-01T15:00:00Z');
    const pack = await buildReviewPack(store, sla, { month: '2026-11', now });
    const first = await sendReview({ store, pack, recipients: RECIPIENTS, channels, now });
    expect(first.map((l) => `${l.recipient} ${l.outcome}`)).toEqual([`${RECIPIENTS[0]} sent`, `${RECIPIENTS[1]} failed`]);
    const again = await sendReview({ store, pack, recipients: RECIPIENTS, channels, now: now + 3_600_000 });
    expect(again.map((l) => `${l.recipient} ${l.outcome}`)).toEqual([`${RECIPIENTS[0]} already sent`, `${RECIPIENTS[1]} sent`]);
    expect(mails.map((m) => m.to)).toEqual(RECIPIENTS);
    expect((await store.reviewSends('2026-11')).map((s) => [s.recipient, s.status, s.attempts])).toEqual([
      [RECIPIENTS[0], 'sent', 1],
      [RECIPIENTS[1], 'sent', 2],
    ]);
    await store.close();
  });

  it('through leadloop itself: the review the app runs on its clock, sent once across a restart', async () => {
    const { mails, transport } = recordingTransport();
    const slack: string[] = [];
    const reviewChannels = { email: reviewMailer(transport, 'leadloop <leadloop@meridian.example>'), slack: async (text: string) => void slack.push(text) };
    const env = { DATABASE_URL: `sqlite:${path.join(dir, 'l.sqlite')}`, LEADLOOP_DATA_DIR: dir, LEADLOOP_SANDBOX: '0', LOG_LEVEL: 'warn', PUBLIC_URL: 'https://leadloop.meridian.example' };
    let clock = t('2026-12-01T14:30:00Z');
    const start = () => startTestApp(env, { sla, now: () => clock, reviewChannels, scheduleSlaAudit: false, scheduleReconcile: false, scheduleReview: false });
    let app: TestApp = await start();
    try {
      await seedNovember(app.store);
      const first = await app.monthlyReview.run(clock);
      expect(first.lines.map((l) => `${l.channel} ${l.recipient} ${l.outcome}`)).toEqual([`email ${RECIPIENTS[0]} sent`, `email ${RECIPIENTS[1]} sent`, 'slack webhook sent']);
      await app.close();
      clock = t('2026-12-01T15:30:00Z');
      app = await start();
      const again = await app.monthlyReview.run(clock);
      expect(again.lines).toEqual([]);
      expect(app.query<{ n: number }>("select count(*) as n from review_sends where month = '2026-11' and status = 'sent'")[0]!.n).toBe(3);
    } finally {
      await app.close();
    }
    expect(mails.map((m) => m.to)).toEqual(RECIPIENTS);
    expect(slack).toHaveLength(1);
  });
});
