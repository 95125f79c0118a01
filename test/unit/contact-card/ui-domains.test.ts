import { cachedUiDomains } from '../../../src/contact-card/ui-domains';

test('a portal\'s UI domain is read once an hour; a failed read gives null and is asked again', async () => {
  let clock = 0;
  const reads: number[] = [];
  let fail = true;
  const uiDomainOf = cachedUiDomains(async (portalId) => {
    reads.push(portalId);
    if (fail) throw new Error('HubSpot unreachable');
    return portalId === 1 ? 'app-eu1.hubspot.com' : 'app.hubspot.com';
  }, () => clock);
  expect(await uiDomainOf(1)).toBeNull();
  fail = false;
  expect(await uiDomainOf(1)).toBe('app-eu1.hubspot.com');
  expect(await uiDomainOf(1)).toBe('app-eu1.hubspot.com');
  expect(await uiDomainOf(2)).toBe('app.hubspot.com');
  expect(reads).toEqual([1, 1, 2]);
  clock += 3_600_000;
  await uiDomainOf(1);
  expect(reads).toEqual([1, 1, 2, 1]);
});
