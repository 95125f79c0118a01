import nock from 'nock';
import { LEADLOOP_PROPERTIES } from '../../src/crm/leadloop-properties';
import { DEFAULT_LIFECYCLE_PROPERTY } from './lifecycle-stages-reply';

/**
 * What leadloop asks a private-app portal before its first decision and write, answered as a portal set up for it
 * does: the token's portal, the lifecycle stage order (cached a few minutes), no Sales Hub leads, and leadloop's
 * property group and properties already there.
 */
export function mockPrivateAppPortal(base: string, portalId: number): void {
  nock(base).get('/account-info/v3/details').reply(200, { portalId });
  nock(base).get('/crm/v3/properties/contacts/lifecyclestage').query(true).reply(200, DEFAULT_LIFECYCLE_PROPERTY).persist();
  nock(base).get('/crm/v3/objects/leads').query(true).reply(200, { results: [] }).persist();
  nock(base).get('/crm/v3/properties/contacts/groups/leadloop').reply(200, { name: 'leadloop', label: 'leadloop', displayOrder: -1, archived: false });
  nock(base)
    .get('/crm/v3/properties/contacts')
    .query(true)
    .reply(200, { results: LEADLOOP_PROPERTIES.map((p) => ({ name: p.name, label: p.label, type: p.type, fieldType: p.fieldType, groupName: 'leadloop', options: p.options ?? [] })) });
}
