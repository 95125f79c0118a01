import fs from 'node:fs';
import path from 'node:path';
import { slaSchema } from '../../src/config/sla-schema';
import { evaluateSla } from '../../src/domain/sla-policy';
import { SANDBOX_FORMS, SANDBOX_OWNERS } from '../../src/sandbox/seed-portal';
import { termsOf } from '../../src/sla/sla-terms';
import { waitFor } from '../helpers/start-test-app';
import { startSandboxPair, type SandboxPair } from '../helpers/start-sandbox-pair';

const DAY = 86_400_000;
const sla = slaSchema.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../config/sla.json'), 'utf8')));
const terms = termsOf(sla);

describe('e2e: the SLA through the sandbox', () => {
  let pair: SandboxPair;
  beforeAll(async () => {
    pair = await startSandboxPair();
    pair.sandbox.portal.owners.push(...SANDBOX_OWNERS.map((o) => ({ ...o, archived: false })));
    pair.sandbox.portal.forms.push({ ...SANDBOX_FORMS.demoRequest });
  });
  afterAll(() => pair.close());

  it('routes an unowned MQL, writes its due time, tasks the owner once when overdue, and stops when sales calls', async () => {
    const { portal } = pair.sandbox;
    const fields = { email: 'june@kestrel.example', jobtitle: 'VP Marketing', company: 'Kestrel Media', numberofemployees: '600', industry: 'MARKETING_AND_ADVERTISING', country: 'Ireland' };
    await pair.hubspot('POST', `/submissions/v3/integration/submit/${portal.portalId}/${SANDBOX_FORMS.demoRequest.id}`, { fields: Object.entries(fields).map(([name, value]) => ({ name, value })) }, false);
    const contact = () => portal.contactByEmail('june@kestrel.example')!;
    await waitFor(() => contact()?.properties.lifecyclestage === 'marketingqualifiedlead' && !!contact().properties.hubspot_owner_id, 8000, 'MQL routed to an owner');
    const c = contact();
    expect(SANDBOX_OWNERS.map((o) => o.id)).toContain(c.properties.hubspot_owner_id);
    await waitFor(() => contact().properties.leadloop_sla_status === 'open' && !!contact().properties.leadloop_sla_due, 5000, 'SLA properties');
    const due = Number(contact().properties.leadloop_sla_due);
    expect(due).toBeGreaterThan(Date.now());

    // Past the escalation moment (business hours of config/sla.json), nobody has called: one task for the owner
    // and one for the manager, never two.
    const item = (await pair.app.store.activeSlaItem(portal.portalId, c.id))!;
    const escalateAt = evaluateSla({ ...terms, firstTouch: { ...terms.firstTouch, deadlineHours: terms.firstTouch.deadlineHours + sla.escalation!.afterHours } }, item, item.openedAt).firstTouchDueAt;
    const later = escalateAt + 60_000;
    const expected = ['escalation', 'first-touch-breach', ...(later >= item.openedAt + 7 * DAY ? ['attempts-breach'] : [])].sort();
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
    await waitFor(() => contact().properties.leadloop_sla_status === 'overdue', 5000, 'overdue written');

    // Sales logs a call: HubSpot updates the follow-up properties, leadloop counts the touch.
    await pair.hubspot('POST', '/crm/v3/objects/calls', { properties: { hs_timestamp: new Date().toISOString(), hs_call_title: 'Call' }, associations: [{ to: { id: c.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }] }] });
    await waitFor(async () => (await pair.app.store.activeSlaItem(portal.portalId, c.id))?.touches.length === 1, 8000, 'touch counted');
  });
});
