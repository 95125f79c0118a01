import fs from 'node:fs';
import path from 'node:path';
import { loadScoringConfig } from '../../../src/config/load-scoring-config';
import { buildProject, type AppManifest } from '../../../src/manifest/build-project';
import { buildWebhooksManifest, subscribedProperties } from '../../../src/manifest/build-webhooks-manifest';
import { toNewEvent } from '../../../src/events/to-new-event';
import { webhookEventSchema } from '../../../src/events/webhook-event-schema';

const ROOT = path.resolve(__dirname, '../../..');
const rules = loadScoringConfig(path.join(ROOT, 'config/scoring.json')).rules;

describe('manifests', () => {
  it('the committed webhooks/webhooks.json is what the rules need (run `leadloop manifest`)', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'webhooks/webhooks.json'), 'utf8'));
    expect(committed).toEqual(buildWebhooksManifest(rules));
  });

  it('subscribes to every property the rules, the write plan and the SLA read, and to nothing HubSpot refuses', () => {
    const props = subscribedProperties(rules);
    for (const rule of rules.fit.rules) expect(props).toContain(rule.property);
    for (const p of ['recent_conversion_date', 'recent_conversion_event_name', 'num_conversion_events', 'hs_lead_status', 'notes_last_contacted', 'hubspot_owner_id', 'lifecyclestage']) expect(props).toContain(p);
    expect(props).not.toContain('num_unique_conversion_events');
    expect(props).not.toContain('hs_lastmodifieddate');
    const manifest = buildWebhooksManifest(rules);
    expect(manifest.subscriptions.hubEvents).toEqual([{ subscriptionType: 'contact.privacyDeletion', active: true }]);
    expect(manifest.subscriptions.legacyCrmObjects.map((s) => s.subscriptionType)).toEqual(expect.arrayContaining(['contact.creation', 'contact.deletion', 'contact.merge', 'contact.restore', 'contact.associationChange']));
  });

  it('app.json asks for the scopes leadloop uses', () => {
    const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as AppManifest;
    expect(app.auth.requiredScopes).toEqual(expect.arrayContaining(['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.owners.read', 'crm.schemas.contacts.write', 'forms', 'crm.objects.deals.read']));
  });

  it('writes a 2026.03 project whose webhook subscriptions name objectType', () => {
    const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as AppManifest;
    const files = buildProject(app, buildWebhooksManifest(rules)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(files['hsproject.json']).toEqual({ name: 'leadloop', srcDir: 'src', platformVersion: '2026.03' });
    expect(files['src/app/app-hsmeta.json']).toMatchObject({ type: 'app', config: { auth: { type: 'oauth' } } });
    const subs = files['src/app/webhooks/webhooks-hsmeta.json'].config.subscriptions;
    expect(subs.crmObjects).toContainEqual({ subscriptionType: 'object.propertyChange', objectType: 'contact', propertyName: 'jobtitle', active: true });
    expect(subs.crmObjects).toContainEqual({ subscriptionType: 'object.propertyChange', objectType: 'deal', propertyName: 'dealstage', active: true });
    expect(subs.crmObjects.every((s: { objectType?: string }) => s.objectType === 'contact' || s.objectType === 'deal')).toBe(true);
    expect(subs.hubEvents).toEqual([{ subscriptionType: 'contact.privacyDeletion', active: true }]);
  });

  it('keeps association subscriptions legacy in a 2026.03 project, whose events leadloop processes (issue 13 #3)', () => {
    const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as AppManifest;
    const subs = (buildProject(app, buildWebhooksManifest(rules)) as Record<string, any>)['src/app/webhooks/webhooks-hsmeta.json'].config.subscriptions; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(subs.legacyCrmObjects).toEqual([
      { subscriptionType: 'contact.associationChange', active: true },
      { subscriptionType: 'deal.associationChange', active: true },
    ]);
    expect(subs.crmObjects.map((s: { subscriptionType: string }) => s.subscriptionType)).not.toContain('object.associationChange');
    // An event of each subscribed kind, shaped as HubSpot sends it, is one leadloop acts on.
    const base = { eventId: 1, subscriptionId: 2, portalId: 62515, occurredAt: 1_795_600_000_000, attemptNumber: 0, changeSource: 'CRM_UI' };
    const typeIds: Record<string, string> = { contact: '0-1', deal: '0-3' };
    const events = [
      ...subs.legacyCrmObjects.map((s: { subscriptionType: string }) => ({ ...base, subscriptionType: s.subscriptionType, associationType: s.subscriptionType.startsWith('deal') ? 'DEAL_TO_CONTACT' : 'CONTACT_TO_DEAL', fromObjectId: 7, toObjectId: 8, associationRemoved: false })),
      ...subs.crmObjects.map((s: { subscriptionType: string; objectType: string; propertyName?: string }) => ({ ...base, subscriptionType: s.subscriptionType, objectTypeId: typeIds[s.objectType], objectId: 7, ...(s.propertyName ? { propertyName: s.propertyName, propertyValue: 'x' } : {}), ...(s.subscriptionType.endsWith('merge') ? { primaryObjectId: 7, mergedObjectIds: [9], newObjectId: 7 } : {}) })),
      ...subs.hubEvents.map((s: { subscriptionType: string }) => ({ ...base, subscriptionType: s.subscriptionType, objectId: 7 })),
    ];
    const ignored = events.map((e) => toNewEvent(webhookEventSchema.parse(e))).filter((e) => e.status !== 'pending').map((e) => e.subscriptionType);
    expect(ignored).toEqual([]);
  });
});
