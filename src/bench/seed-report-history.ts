import { nameAndDomainKey, normalisedEmail } from '../domain/duplicate-keys';
import { seededRandom } from '../sandbox/seed-portal';
import type { FunnelRow } from '../store/report-store-port';
import type { Store } from '../store/store-port';

const DAY = 86_400_000;
const SOURCES = ['ORGANIC_SEARCH', 'PAID_SEARCH', 'SOCIAL_MEDIA', 'EMAIL_MARKETING', 'REFERRALS', 'DIRECT_TRAFFIC'];
const FORMS = ['Demo request', 'Content download: 2026 pipeline report', 'Newsletter sign-up', 'Contact sales'];

/** A year of funnel history for `contacts` contacts (deterministic), and SLA items for the last two months. */
export async function seedReportHistory(store: Store, contacts: number, now: number, portalId = 1): Promise<void> {
  const rnd = seededRandom(11);
  const rows: Array<FunnelRow & { emailKey: string | null; nameKey: string | null; displayName: string }> = [];
  for (let i = 0; i < contacts; i++) {
    const leadAt = now - Math.floor(rnd() * 365 * DAY);
    const src = SOURCES[Math.floor(rnd() * SOURCES.length)]!;
    const quality = src === 'REFERRALS' || src === 'ORGANIC_SEARCH' ? 1.3 : src === 'SOCIAL_MEDIA' ? 0.6 : 1;
    const step = (p: number) => rnd() < p * quality;
    const mqlAt = step(0.3) ? leadAt + Math.floor(rnd() * 10 * DAY) : null;
    const sqlAt = mqlAt && step(0.5) ? mqlAt + Math.floor(rnd() * 5 * DAY) : null;
    const opportunityAt = sqlAt && step(0.5) ? sqlAt + Math.floor(rnd() * 15 * DAY) : null;
    const customerAt = opportunityAt && step(0.3) ? opportunityAt + Math.floor(rnd() * 30 * DAY) : null;
    const rejectedAt = mqlAt && !sqlAt && rnd() < 0.4 ? mqlAt + DAY : null;
    // About 1% share an address with someone else (the same person twice).
    const person = rnd() < 0.01 && i > 0 ? i - 1 : i;
    const email = `person${person}@company${person % 500}.example`;
    rows.push({
      portalId, contactId: String(100_000 + i), source: src, campaign: rnd() < 0.3 ? `campaign-${Math.floor(rnd() * 6)}` : null, firstForm: FORMS[Math.floor(rnd() * FORMS.length)]!,
      leadAt, mqlAt: mqlAt && mqlAt < now ? mqlAt : null, sqlAt: sqlAt && sqlAt < now ? sqlAt : null, opportunityAt: opportunityAt && opportunityAt < now ? opportunityAt : null,
      customerAt: customerAt && customerAt < now ? customerAt : null, rejectedAt: rejectedAt && rejectedAt < now ? rejectedAt : null,
      emailKey: normalisedEmail(email), nameKey: nameAndDomainKey(`First${person}`, `Last${person}`, email), displayName: `First${person} Last${person}`,
    });
  }
  await store.importFunnelRows(rows);
  for (const r of rows.filter((x) => x.mqlAt !== null && x.mqlAt > now - 60 * DAY)) {
    const touched = rnd() < 0.8 ? r.mqlAt! + Math.floor(rnd() * 40 * 3_600_000) : null;
    const due = r.mqlAt! + 24 * 3_600_000;
    const status = touched === null ? (now > due ? 'overdue' : 'open') : touched <= due ? 'met' : 'breached';
    await store.openSlaItem({ portalId, contactId: r.contactId, openedAt: r.mqlAt!, ownerId: String(70_110_001 + (Number(r.contactId) % 5)), clockStartAt: r.mqlAt!, firstTouchDueAt: due, firstTouchAt: touched, touches: touched ? [touched] : [], noticesGiven: [], status, nextCheckAt: null });
  }
}
