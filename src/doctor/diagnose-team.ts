import { block, ok, warn, type Finding } from './finding';
import type { PortalFacts } from './portal-facts';

/** Owners who can be routed to: not archived, with an email (`GET /crm/v3/owners`: https://developers.hubspot.com/docs/api-reference/crm-owners-v3/guide). */
export function diagnoseOwners(facts: PortalFacts, escalationOwnerId?: string): Finding[] {
  if (!facts.owners.available) return [block('owners', `could not list the owners (${facts.owners.reason})`, 'grant crm.objects.owners.read: routing and SLA tasks need owners')];
  const active = facts.owners.value.filter((o) => !o.archived);
  const routable = active.filter((o) => o.email.trim() !== '');
  const findings: Finding[] = [];
  if (routable.length === 0) findings.push(block('owners', 'no active owner with an email: leadloop has nobody to route MQLs to', 'give sales users a seat in HubSpot (Settings → Users & Teams) so they become owners'));
  else findings.push(ok('owners', `${routable.length} active owners with an email to route to`));
  const noEmail = active.filter((o) => o.email.trim() === '');
  if (noEmail.length > 0) findings.push(warn('owners', `owners ${noEmail.map((o) => o.id).join(', ')} have no email: routing skips them`, 'give them an email in Settings → Users & Teams, or leave them out on purpose'));
  if (escalationOwnerId && !routable.some((o) => o.id === escalationOwnerId)) {
    findings.push(warn('owners', `the SLA escalates to owner ${escalationOwnerId}, who is not an active owner with an email here`, 'set escalation.managerOwnerId in config/sla.json to an owner id of this portal'));
  }
  return findings;
}

/** Sales Hub's Leads object (`GET /crm/v3/objects/leads`, object type 0-136; facts §11). */
export function diagnoseLeads(facts: PortalFacts): Finding[] {
  if (!facts.leads.available) return [ok('leads', `the Leads object is not available to this portal or token (${facts.leads.reason}): sales acceptance is read from hs_lead_status`)];
  if (!facts.leads.value) return [ok('leads', 'the portal has no Lead records: sales acceptance is read from hs_lead_status')];
  return [warn('leads', 'the portal works prospects as Lead records: reps there may leave the contact\'s hs_lead_status empty, and leadloop reads acceptance and attempts from hs_lead_status', 'have reps set the contact\'s lead status as well, or wait for leadloop to read the Leads object before relying on SQL moves')];
}
