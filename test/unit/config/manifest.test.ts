import fs from 'node:fs';
import path from 'node:path';
import { loadScoringConfig } from '../../../src/config/load-scoring-config';
import { buildProject, type AppManifest } from '../../../src/manifest/build-project';
import { buildWebhooksManifest, subscribedProperties } from '../../../src/manifest/build-webhooks-manifest';

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
});
