import { backfillSearchRequest } from '../../../src/backfill/backfill-query';

test('pages by id: hs_object_id GT the last id, sorted ascending, 200 a page, no `after` (the 10,000 cap never applies)', () => {
  expect(backfillSearchRequest({ afterId: '10200', since: 1_700_000_000_000, properties: ['email', 'hs_object_id', 'jobtitle'] })).toEqual({
    filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'GT', value: '10200' }, { propertyName: 'lastmodifieddate', operator: 'GTE', value: '1700000000000' }] }],
    sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
    properties: ['hs_object_id', 'email', 'jobtitle'],
    limit: 200,
  });
  expect(backfillSearchRequest({ properties: [] })).toEqual({ filterGroups: [], sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }], properties: ['hs_object_id'], limit: 200 });
});
