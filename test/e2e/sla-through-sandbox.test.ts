import fs from 'node:fs';
import path from 'node:path';
import { slaSchema } from '../../src/config/sla-schema';
import { SANDBOX_FORMS, SANDBOX_OWNERS } from '../../src/sandbox/seed-portal';
import { waitFor } from '../helpers/start-test-app';
import { startSandboxPair, type SandboxPair } from '../helpers/start-sandbox-pair';
import { addWorkingHoursModel, endsInWorkingTime, testClock, testNow } from '../helpers/test-clock';

const DAY = 86_400_000;
const sla = slaSchema.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../config/sla.json'), 'utf8')));
// "Today" for the portal and leadloop alike: LEADLOOP_TEST_NOW, or the fixed default, then running in real time.
const TODAY = testNow();
const clock = testClock(TODAY.instant);
/** Worked out by hand for the default date (Tue 17 Nov 2026, 10:00 New York; config/sla.json). */
const AT_DEFAULT = { due: Date.parse('2026-11-20T15:00:00Z'), escalation: Date.parse('2026-11-23T15:00:00Z'), status: 'overdue' };

describe(`e2e: the SLA through the sandbox, today being ${TODAY.iso}${TODAY.isDefault ? ' (the default test date)' : ' (LEADLOOP_TEST_NOW)'}`, () => {
  let pair: SandboxPair;
  beforeAll(async () => {
    pair = await startSandboxPair({ now: clock.now });
    pair.sandbox.portal.owners.push(...SANDBOX_OWNERS.map((o) => ({ ...o, archived: false })));
    pair.sandbox.portal.forms.push({ ...SANDBOX_FORMS.demoRequest });
  });
  afterAll(() => pair.close());

  it('routes an unowned MQL, writes its due time, tasks the owner once when overdue, and counts the call sales logs', async () => {
    const { portal } = pair.sandbox;
    const fields = { email: 'june@kestrel.example', jobtitle: 'VP Marketing', company: 'Kestrel Media', numemployees: '500-1000', industry: 'Marketing & Advertising', country: 'Ireland' };
    await pair.hubspot('POST', `/submissions/v3/integration/submit/${portal.portalId}/${SANDBOX_FORMS.demoRequest.id}`, { fields: Object.entries(fields).map(([name, value]) => ({ name, value })) }, false);
    const contact = () => portal.contactByEmail('june@kestrel.example')!;
    await waitFor(() => contact()?.properties.lifecyclestage === 'marketingqualifiedlead' && !!contact().properties.hubspot_owner_id, 8000, 'MQL routed to an owner');
    const c = contact();
    expect(SANDBOX_OWNERS.map((o) => o.id)).toContain(c.properties.hubspot_owner_id);
    await waitFor(() => contact().properties.leadloop_sla_status === 'open' && !!contact().properties.leadloop_sla_due, 5000, 'SLA properties');
    // HubSpot reads a datetime back as ISO 8601, whatever was written (leadloop writes epoch ms).
    const due = Date.parse(contact().properties.leadloop_sla_due!);
    const item = (await pair.app.store.activeSlaItem(portal.portalId, c.id))!;
    const mqlAt = item.openedAt;
    // The MQL happened on the test's clock, moments after "today" began: never on the real date.
    expect(mqlAt - TODAY.instant).toBeGreaterThanOrEqual(0);
    expect(mqlAt - TODAY.instant).toBeLessThan(60_000);
    expect(item.firstTouchDueAt).toBe(due);

    // The due time: after the MQL, in working time, 24 working hours on (the tests' own model of the calendar);
    // the escalation 8 working hours after that.
    const escalateAt = addWorkingHoursModel(mqlAt, sla.firstTouch.deadlineHours + sla.escalation!.afterHours, sla.calendar);
    expect(due).toBeGreaterThan(mqlAt);
    expect(endsInWorkingTime(due, sla.calendar)).toBe(true);
    expect(new Date(due).toISOString()).toBe(new Date(addWorkingHoursModel(mqlAt, sla.firstTouch.deadlineHours, sla.calendar)).toISOString());
    const later = escalateAt + 60_000;
    // Past the escalation, nobody has called: a task for the owner and one for the manager, never two; and the
    // attempts breach too when the escalation comes after the 7-day attempts window (a holiday in between).
    const attemptsClosed = later >= mqlAt + sla.attempts.withinDays * DAY;
    const expected = ['escalation', 'first-touch-breach', ...(attemptsClosed ? ['attempts-breach'] : [])].sort();
    const expectedStatus = attemptsClosed ? 'breached' : 'overdue';
    if (TODAY.isDefault) {
      // On the default date, the hand-worked values (shifted by the moments the MQL took to happen).
      expect(new Date(due).toISOString()).toBe(new Date(AT_DEFAULT.due + (mqlAt - TODAY.instant)).toISOString());
      expect(new Date(escalateAt).toISOString()).toBe(new Date(AT_DEFAULT.escalation + (mqlAt - TODAY.instant)).toISOString());
      expect(expectedStatus).toBe(AT_DEFAULT.status);
    }

    const first = await pair.app.slaAudit.run(later);
    expect(first.lines.map((l) => l.notice).sort()).toEqual(expected);
    const again = await pair.app.slaAudit.run(later + 5 * 60_000);
    expect(again.lines).toEqual([]);
    const taskIds = portal.associated('contacts', c.id, 'tasks');
    expect(taskIds).toHaveLength(expected.length);
    const tasks = taskIds.map((id) => portal.get('tasks', id).properties);
    const ownerTask = tasks.find((t) => t.hubspot_owner_id === c.properties.hubspot_owner_id && /Overdue/.test(t.hs_task_subject ?? ''))!;
    expect(ownerTask.hs_task_subject).toMatch(/Overdue MQL/);
    expect(ownerTask.hs_task_body).toMatch(/Why this lead is an MQL/);
    expect(ownerTask.hs_task_body).toMatch(/Demo request/);
    expect(Number(ownerTask.hs_task_reminders)).toBeGreaterThan(0);
    const escalation = tasks.find((t) => /Escalation/.test(t.hs_task_subject ?? ''))!;
    expect(escalation.hubspot_owner_id).toBe(sla.escalation!.managerOwnerId);
    // breached iff the attempts breach was sent, overdue otherwise.
    await waitFor(() => contact().properties.leadloop_sla_status === expectedStatus, 5000, `${expectedStatus} written`);

    // Sales logs a call: HubSpot updates the follow-up properties, leadloop counts the touch on a running SLA.
    await pair.hubspot('POST', '/crm/v3/objects/calls', { properties: { hs_timestamp: new Date(clock.now()).toISOString(), hs_call_title: 'Call' }, associations: [{ to: { id: c.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }] }] });
    if (expectedStatus === 'overdue') {
      await waitFor(async () => (await pair.app.store.activeSlaItem(portal.portalId, c.id))?.touches.length === 1, 8000, 'touch counted');
    } else {
      // A settled SLA stays settled: once leadloop has processed the call's change, no SLA runs for the contact.
      await waitFor(() => pair.app.query(`SELECT 1 FROM webhook_events WHERE object_id = ? AND property_name = 'num_contacted_notes' AND status = 'done'`, c.id).length > 0, 8000, 'the call processed');
      expect(await pair.app.store.activeSlaItem(portal.portalId, c.id)).toBeNull();
      expect(pair.app.query<{ status: string }>('SELECT status FROM sla_items WHERE contact_id = ?', c.id)).toEqual([{ status: 'breached' }]);
    }
  });
});
