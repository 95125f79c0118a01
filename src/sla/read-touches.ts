import { parseHubspotTime } from '../domain/hubspot-time';
import type { PropertyChange } from '../store/contact-store-port';

/** Follow-up properties whose value is the time of the touch (facts §7). */
const TIME_VALUED = ['notes_last_contacted', 'hs_last_sales_activity_date', 'hs_sales_email_last_replied'];
/** Lead statuses that say sales reached out. */
const WORKING_STATUSES = new Set(['ATTEMPTED_TO_CONTACT', 'CONNECTED', 'IN_PROGRESS', 'OPEN_DEAL']);


/**
 * The sales touches a contact's property changes record, each with its time. One logged call changes several
 * of these at once; the SLA merges touches within a minute (domain/sla-policy `withTouch`).
 */
export function readTouches(changes: readonly PropertyChange[]): number[] {
  const touches: number[] = [];
  for (const c of changes) {
    if (TIME_VALUED.includes(c.name)) {
      const t = parseHubspotTime(c.value);
      if (t !== null) touches.push(t);
    } else if (c.name === 'num_contacted_notes' && Number(c.value) > 0) touches.push(c.at);
    else if (c.name === 'hs_lead_status' && c.value && WORKING_STATUSES.has(c.value)) touches.push(c.at);
    else if (c.name === 'hs_is_unworked' && c.value === 'false') touches.push(c.at);
  }
  return touches;
}
