import { Alert, Button, EmptyState, Link, LoadingSpinner, StatisticsItem, Tag, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { CardPayload, ScoredCard } from '../../../src/card/card-payload';
import { LeadloopCardView, type CardFetch } from '../../../src/card/leadloop-card-view';

// Tuesday 17 Nov 2026, 11:30 in New York. Every time below is written by hand from it.
const NOW = Date.parse('2026-11-17T16:30:00Z');
const DAY = 86_400_000;
const BASE = 'https://leads.example.com';

const scored: ScoredCard = {
  score: 82,
  fitScore: 45,
  fitGrade: 'A',
  engagementScore: 37,
  stage: 'marketingqualifiedlead',
  cell: 'readyTarget',
  tactic: 'Promote to MQL and hand to sales',
  decidedAt: NOW - 2 * 3_600_000,
  rulesVersion: '3f9c2a7be1d04c55',
  rulesSince: NOW - 10 * DAY,
  ledger: [
    { kind: 'engagement', description: 'Requested a demo', evidence: 'Demo request form', points: 30, at: NOW - 3 * DAY },
    { kind: 'fit', description: 'Job title is a decision maker', evidence: 'Director of Marketing', points: 20, at: NOW - 3 * DAY },
    { kind: 'fit', description: 'Company size in the target range', evidence: '100-500', points: 15, at: NOW - 3 * DAY },
    { kind: 'engagement', description: 'Opened a marketing email', evidence: 'November newsletter', points: 7, at: NOW - DAY },
  ],
  sla: {
    status: 'open',
    ownerId: '501',
    // Due at 14:00 in New York: 2h 30m after NOW.
    firstTouchDueAt: Date.parse('2026-11-17T19:00:00Z'),
    firstTouchAt: null,
    workingMsLeft: 2.5 * 3_600_000,
    computedAt: NOW,
    attemptsMade: 1,
    attemptsRequired: 3,
    attemptsDueAt: Date.parse('2026-11-24T14:00:00Z'),
    next: { kind: 'reminder-2h', to: 'owner', at: Date.parse('2026-11-17T17:00:00Z') },
    timeZone: 'America/New_York',
    mode: 'business',
  },
  stages: [
    { from: 'lead', to: 'marketingqualifiedlead', at: NOW - 2 * 3_600_000, noteId: '77123' },
    { from: '', to: 'lead', at: NOW - 3 * DAY, noteId: null },
  ],
};

interface Call {
  url: string;
  method: string;
  body: Record<string, unknown> | undefined;
}

/** A fake hubspot.fetch that records every call and answers from a script, one answer per call. */
function scriptedFetch(...answers: Array<{ status: number; body: unknown } | Error>) {
  const calls: Call[] = [];
  const fetch: CardFetch = async (url, options) => {
    calls.push({ url, method: options?.method ?? 'GET', body: options?.body });
    const answer = answers.shift();
    if (!answer) throw new Error('no scripted answer left');
    if (answer instanceof Error) throw answer;
    return { ok: answer.status >= 200 && answer.status < 300, status: answer.status, json: async () => answer.body };
  };
  return { fetch, calls };
}

const payload = (s: ScoredCard | null): CardPayload => ({ portalId: 24_681_357, contactId: '901', scored: s });

/** Every Text line the card shows. */
const allText = (r: ReturnType<typeof createRenderer>) => r.findAll(Text).map((t) => t.text).join('\n');

function renderCard(fetch: CardFetch, now = NOW) {
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<LeadloopCardView contactId="901" baseUrl={BASE} fetch={fetch} now={() => now} tickMs={0} />);
  return renderer;
}

describe('the leadloop card on the contact record', () => {
  it('shows a spinner while leadloop answers, then asks for this contact\'s card', async () => {
    const { fetch, calls } = scriptedFetch({ status: 200, body: payload(scored) });
    const r = renderCard(fetch);
    expect(r.find(LoadingSpinner).props.label).toBe('Asking leadloop…');
    await r.waitFor(() => expect(r.maybeFind(LoadingSpinner)).toBeNull());
    expect(calls).toEqual([{ url: 'https://leads.example.com/api/contacts/901/card', method: 'GET', body: undefined }]);
  });

  it('shows the score, grade, engagement, the matrix cell with its tactic, and the top three reasons with dates', async () => {
    const r = renderCard(scriptedFetch({ status: 200, body: payload(scored) }).fetch);
    await r.waitFor(() => expect(r.findAll(StatisticsItem)).toHaveLength(3));
    expect(r.findAll(StatisticsItem).map((s) => [s.props.label, s.props.number])).toEqual([
      ['Score', 82],
      ['Fit grade', 'A'],
      ['Engagement', 37],
    ]);
    const text = allText(r);
    expect(text).toContain('Ready to buy × target profile: Promote to MQL and hand to sales');
    expect(text).toContain('Requested a demo (Demo request form), 3 days ago, +30');
    expect(text).toContain('Company size in the target range (100-500), 3 days ago, +15');
    expect(text).not.toContain('Opened a marketing email'); // the fourth line waits for "Explain"
    expect(text).toContain('Rules 3f9c2a7b, in force since 10 days ago; decided today.');
    expect(text).toContain('Lead → MQL, today');
  });

  it('links each stage change to its note on the record in HubSpot, and says so when the note is not there yet', async () => {
    const r = renderCard(scriptedFetch({ status: 200, body: payload(scored) }).fetch);
    await r.waitFor(() => expect(r.maybeFind(Link)).not.toBeNull());
    // One link: the second change's note is pending (noteId null). Portal 24681357, contact 901, note 77123.
    expect(r.findAll(Link).map((l) => [l.props.href, l.text])).toEqual([['https://app.hubspot.com/contacts/24681357/record/0-1/901/view/1?engagement=77123', "leadloop's note says why"]]);
    const text = allText(r);
    expect(text).toContain('Lead → MQL, today:');
    expect(text).toContain('(none) → Lead, 3 days ago: no note in HubSpot yet');
  });

  it('links to the notes on the account\'s own UI domain when told it (an EU account)', async () => {
    const renderer = createRenderer('crm.record.tab');
    const { fetch } = scriptedFetch({ status: 200, body: payload(scored) });
    renderer.render(<LeadloopCardView contactId="901" baseUrl={BASE} fetch={fetch} now={() => NOW} tickMs={0} uiDomain="app-eu1.hubspot.com" />);
    await renderer.waitFor(() => expect(renderer.maybeFind(Link)).not.toBeNull());
    expect(renderer.find(Link).props.href).toBe('https://app-eu1.hubspot.com/contacts/24681357/record/0-1/901/view/1?engagement=77123');
  });

  it('runs the SLA clock at 11:30 New York time: 2h 30m to a 14:00 deadline, attempts, the next notice', async () => {
    const r = renderCard(scriptedFetch({ status: 200, body: payload(scored) }).fetch);
    await r.waitFor(() => expect(r.maybeFind(Tag)).not.toBeNull());
    expect(r.find(Tag).text).toBe('First touch due in 2h 30m');
    expect(r.find(Tag).props.variant).toBe('warning');
    const text = allText(r);
    expect(text).toContain('Tue 17 Nov, 14:00 (America/New_York), 2h 30m of working time left');
    expect(text).toContain('Attempts 1 of 3 by Tue 24 Nov, 09:00.');
    expect(text).toContain('Next: reminder 2h before the deadline to the owner, Tue 17 Nov, 12:00.');
  });

  it('shows the clock overdue at 15:05 New York time, the same payload', async () => {
    const r = renderCard(scriptedFetch({ status: 200, body: payload(scored) }).fetch, Date.parse('2026-11-17T20:05:00Z'));
    await r.waitFor(() => expect(r.maybeFind(Tag)).not.toBeNull());
    expect(r.find(Tag).text).toBe('First touch overdue by 1h 5m');
    expect(r.find(Tag).props.variant).toBe('error');
  });

  it('shows every ledger line on "Explain", and back', async () => {
    const r = renderCard(scriptedFetch({ status: 200, body: payload(scored) }).fetch);
    await r.waitFor(() => expect(r.maybeFind(Button, { variant: 'secondary' })).not.toBeNull());
    expect(r.find(Button, { variant: 'secondary' }).text).toBe('Explain (4 lines)');
    r.find(Button, { variant: 'secondary' }).trigger('onClick');
    await r.waitFor(() => expect(allText(r)).toContain('Opened a marketing email (November newsletter), yesterday, +7'));
    expect(r.find(Button, { variant: 'secondary' }).text).toBe('Show the top reasons');
  });

  it('"Re-score now" POSTs to the same URL and shows the fresh card', async () => {
    const rescored: ScoredCard = { ...scored, score: 91, engagementScore: 46 };
    const { fetch, calls } = scriptedFetch({ status: 200, body: payload(scored) }, { status: 200, body: payload(rescored) });
    const r = renderCard(fetch);
    await r.waitFor(() => expect(r.maybeFind(Button, { variant: 'primary' })).not.toBeNull());
    r.find(Button, { variant: 'primary' }).trigger('onClick');
    await r.waitFor(() => expect(r.find(StatisticsItem).props.number).toBe(91));
    expect(calls.map((c) => [c.method, c.url])).toEqual([
      ['GET', `${BASE}/api/contacts/901/card`],
      ['POST', `${BASE}/api/contacts/901/card`],
    ]);
  });

  it('offers to score a contact leadloop has not scored, and scores it on request', async () => {
    const { fetch, calls } = scriptedFetch({ status: 200, body: payload(null) }, { status: 200, body: payload(scored) });
    const r = renderCard(fetch);
    await r.waitFor(() => expect(r.maybeFind(EmptyState)).not.toBeNull());
    expect(r.find(EmptyState).props.title).toBe('Not scored yet');
    r.find(Button).trigger('onClick');
    await r.waitFor(() => expect(r.findAll(StatisticsItem)).toHaveLength(3));
    expect(calls.map((c) => c.method)).toEqual(['GET', 'POST']);
  });

  it('says the account is not connected when leadloop refuses the portal', async () => {
    const message = 'HubSpot account 55555555 is not connected to this leadloop: install the app from https://leads.example.com/oauth/install';
    const r = renderCard(scriptedFetch({ status: 403, body: { error: { code: 'CARD.PORTAL_NOT_CONNECTED', message } } }).fetch);
    await r.waitFor(() => expect(r.maybeFind(Alert)).not.toBeNull());
    expect(r.find(Alert).props).toMatchObject({ title: 'This HubSpot account is not connected to leadloop', variant: 'warning' });
    expect(r.find(Alert).text).toBe(message);
  });

  it('says leadloop is unreachable when the fetch fails, and tries again on request', async () => {
    const { fetch, calls } = scriptedFetch(new Error('Request timed out after 15000ms'), { status: 200, body: payload(scored) });
    const r = renderCard(fetch);
    await r.waitFor(() => expect(r.maybeFind(Alert)).not.toBeNull());
    expect(r.find(Alert).props).toMatchObject({ title: 'leadloop cannot be reached', variant: 'error' });
    expect(r.find(Alert).text).toContain('Request timed out after 15000ms');
    r.find(Button).trigger('onClick');
    await r.waitFor(() => expect(r.findAll(StatisticsItem)).toHaveLength(3));
    expect(calls).toHaveLength(2);
  });

  it('says leadloop is unreachable on a server error, naming the status', async () => {
    const r = renderCard(scriptedFetch({ status: 502, body: null }).fetch);
    await r.waitFor(() => expect(r.maybeFind(Alert)).not.toBeNull());
    expect(r.find(Alert).text).toContain('leadloop answered HTTP 502');
  });
});
