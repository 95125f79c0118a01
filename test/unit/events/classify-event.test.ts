import fs from 'node:fs';
import path from 'node:path';
import { classifyEvent } from '../../../src/events/classify-event';
import { toNewEvent } from '../../../src/events/to-new-event';
import { webhookBatchSchema, webhookEventSchema } from '../../../src/events/webhook-event-schema';

// Payloads as HubSpot documents them (webhooks guide, generic-subscriptions changelog; facts §1 and §11).
const fixture = (name: string) => webhookBatchSchema.parse(JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/hubspot', name), 'utf8')))[0]!;
const base = { eventId: 4211893950, subscriptionId: 3412567, portalId: 24681357, appId: 1160452, occurredAt: 1795600012345, attemptNumber: 0, changeSource: 'CRM_UI' };
const event = (e: Record<string, unknown>) => webhookEventSchema.parse({ ...base, ...e });

describe('classifyEvent: both payload families', () => {
  it.each([
    ['contact.creation.json', { object: 'contact', action: 'creation', subjectId: '123' }],
    ['contact.propertyChange.json', { object: 'contact', action: 'propertyChange', subjectId: '1246965' }],
    ['object.propertyChange.json', { object: 'contact', action: 'propertyChange', subjectId: '90412' }],
    ['contact.associationChange.json', { object: 'contact', action: 'associationChange', subjectId: '90412' }],
  ])('reads the documented %s', (name, expected) => {
    expect(classifyEvent(fixture(name))).toEqual(expected);
  });

  it.each([
    // legacy contact and deal events
    [{ subscriptionType: 'contact.deletion', objectId: 90412, changeFlag: 'DELETED' }, 'contact', 'deletion', '90412'],
    [{ subscriptionType: 'contact.privacyDeletion', objectId: 90412 }, 'contact', 'privacyDeletion', '90412'],
    [{ subscriptionType: 'contact.merge', objectId: 90412, primaryObjectId: 90412, mergedObjectIds: [90413], newObjectId: 90412, numberOfPropertiesMoved: 3 }, 'contact', 'merge', '90412'],
    [{ subscriptionType: 'deal.propertyChange', objectId: 18870021, propertyName: 'dealstage', propertyValue: '152208443' }, 'deal', 'propertyChange', '18870021'],
    [{ subscriptionType: 'deal.associationChange', associationType: 'DEAL_TO_CONTACT', fromObjectId: 18870021, toObjectId: 90412, associationRemoved: false, isPrimaryAssociation: false }, 'contact', 'associationChange', '90412'],
    // generic events carrying objectTypeId: 0-1 contact, 0-3 deal
    [{ subscriptionType: 'object.creation', objectTypeId: '0-1', objectId: 90412, changeFlag: 'CREATED' }, 'contact', 'creation', '90412'],
    [{ subscriptionType: 'object.deletion', objectTypeId: '0-1', objectId: 90412, changeFlag: 'DELETED' }, 'contact', 'deletion', '90412'],
    [{ subscriptionType: 'object.restore', objectTypeId: '0-1', objectId: 90412 }, 'contact', 'restore', '90412'],
    [{ subscriptionType: 'object.merge', objectTypeId: '0-1', objectId: 90412, primaryObjectId: 90412, mergedObjectIds: [90413], newObjectId: 90412, numberOfPropertiesMoved: 3 }, 'contact', 'merge', '90412'],
    [{ subscriptionType: 'object.creation', objectTypeId: '0-3', objectId: 18870021, changeFlag: 'CREATED' }, 'deal', 'creation', '18870021'],
    [{ subscriptionType: 'object.propertyChange', objectTypeId: '0-3', objectId: 18870021, propertyName: 'dealstage', propertyValue: 'closedwon', changeFlag: 'UPDATED' }, 'deal', 'propertyChange', '18870021'],
  ])('%j is a %s %s of %s', (e, object, action, subjectId) => {
    expect(classifyEvent(event(e))).toEqual({ object, action, subjectId });
  });

  it.each([
    ['a generic event on an object leadloop does not use', { subscriptionType: 'object.creation', objectTypeId: '0-2', objectId: 5 }],
    ['a generic event without objectTypeId', { subscriptionType: 'object.propertyChange', objectId: 5, propertyName: 'email', propertyValue: 'a@b.c' }],
    ['a generic association change (shape not relied on)', { subscriptionType: 'object.associationChange', associationType: 'CONTACT_TO_DEAL', fromObjectId: 1, toObjectId: 2 }],
    ['a property change without its property', { subscriptionType: 'contact.propertyChange', objectId: 5 }],
    ['a merge without its ids', { subscriptionType: 'object.merge', objectTypeId: '0-1', objectId: 5 }],
    ['an association change without its ends', { subscriptionType: 'contact.associationChange', associationType: 'CONTACT_TO_DEAL' }],
    ['a deal privacy deletion (contacts only)', { subscriptionType: 'deal.privacyDeletion', objectId: 5 }],
    ['a conversation event', { subscriptionType: 'conversation.creation', objectId: 5 }],
  ])('%s is stored and ignored, never rejected', (_what, e) => {
    const parsed = webhookEventSchema.safeParse({ ...base, ...e });
    expect(parsed.success).toBe(true);
    expect(classifyEvent(parsed.data!)).toBeNull();
    expect(toNewEvent(parsed.data!).status).toBe('ignored');
  });
});
