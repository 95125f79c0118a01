import { isHandledEvent, subjectKeyOf } from '../../../src/events/event-types';
import { webhookEventSchema } from '../../../src/events/webhook-event-schema';

const base = { eventId: 1, subscriptionId: 2, portalId: 62515, occurredAt: 1, attemptNumber: 0 };
const parse = (e: Record<string, unknown>) => webhookEventSchema.parse({ ...base, ...e });

describe('subjectKeyOf', () => {
  it.each([
    [{ subscriptionType: 'contact.propertyChange', objectId: 9, propertyName: 'email', propertyValue: 'a@b.c' }, '62515:contact:9'],
    [{ subscriptionType: 'object.creation', objectTypeId: '0-1', objectId: 9 }, '62515:contact:9'],
    [{ subscriptionType: 'contact.associationChange', associationType: 'CONTACT_TO_DEAL', fromObjectId: 9, toObjectId: 77 }, '62515:contact:9'],
    [{ subscriptionType: 'deal.associationChange', associationType: 'DEAL_TO_CONTACT', fromObjectId: 77, toObjectId: 9 }, '62515:contact:9'],
    [{ subscriptionType: 'deal.propertyChange', objectId: 77, propertyName: 'dealstage', propertyValue: 'closedwon' }, '62515:deal:77'],
    [{ subscriptionType: 'contact.merge', primaryObjectId: 9, mergedObjectIds: [10] }, '62515:contact:9'],
  ])('%j belongs to %s', (event, key) => {
    expect(subjectKeyOf(parse(event))).toBe(key);
  });
});

describe('isHandledEvent', () => {
  it('handles contact and deal events and ignores what it does not know', () => {
    expect(isHandledEvent(parse({ subscriptionType: 'contact.creation', objectId: 1 }))).toBe(true);
    expect(isHandledEvent(parse({ subscriptionType: 'object.creation', objectTypeId: '0-5', objectId: 1 }))).toBe(false);
    expect(isHandledEvent(parse({ subscriptionType: 'conversation.creation', objectId: 1 }))).toBe(false);
  });
});
