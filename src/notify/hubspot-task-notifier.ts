import type { CrmPort } from '../crm/crm-port';
import { engagementMarker } from '../crm/engagement-marker';
import type { Notifier } from './notifier-port';

const esc = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

/**
 * A HubSpot task assigned to the owner, due now, with a reminder (HubSpot does not promise an "assigned" alert
 * for tasks an app creates; a reminder it does send). Before creating, a resend looks for the task by its key.
 */
export function hubspotTaskNotifier(crm: CrmPort): Notifier {
  return {
    name: 'hubspot-task',
    async send(n, now) {
      if (!n.ownerId) return null;
      const marker = engagementMarker(n.key);
      const existing = await crm.findTaskWithMarker(n.portalId, n.contactId, marker);
      if (existing) return existing;
      const body = `${esc(n.body).replace(/\n/g, '<br>')}<br><br><small>${marker}</small>`;
      const [created] = await crm.createTasks(n.portalId, [{ contactId: n.contactId, ownerId: n.ownerId, subject: n.subject, body, dueAt: now, reminderAt: now + 60_000, priority: n.priority, marker }]);
      // Refused in HubSpot's 207: the notice failed (the audit tries it again), it was not given.
      if (created instanceof Error) throw created;
      return created ?? null;
    },
  };
}
