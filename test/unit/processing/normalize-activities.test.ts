import { normaliseContactEvents } from '../../../src/processing/normalize-activities';
import type { StoredEvent } from '../../../src/store/store-port';

const T = 1_795_000_000_000;
let id = 0;
const change = (propertyName: string, propertyValue: string, occurredAt: number) =>
  ({ id: ++id, portalId: 1, subscriptionType: 'contact.propertyChange', propertyName, propertyValue, occurredAt, payload: '{}' }) as unknown as StoredEvent;

describe('a form submission whose name and date arrive in different deliveries', () => {
  it('names the submission already stored when its name comes after the date', () => {
    const first = normaliseContactEvents([change('recent_conversion_date', String(T), T)], {});
    expect(first.activities).toEqual([{ activity: { kind: 'form_submitted', at: T }, sourceKey: `form:${T}` }]);

    const later = normaliseContactEvents([change('recent_conversion_event_name', 'Demo request', T)], { recent_conversion_date: String(T) });
    expect(later.activities).toEqual([{ activity: { kind: 'form_submitted', at: T, formName: 'Demo request' }, sourceKey: `form:${T}` }]);
  });

  it('does not lend a newer submission’s name to an older one', () => {
    const later = normaliseContactEvents([change('recent_conversion_event_name', 'Newsletter sign-up', T + 3_600_000)], { recent_conversion_date: String(T) });
    expect(later.activities).toEqual([]);
  });

  it('uses the name from the same delivery, whatever the order inside it', () => {
    const both = normaliseContactEvents([change('recent_conversion_date', String(T), T), change('recent_conversion_event_name', 'Demo request', T)], {});
    expect(both.activities).toEqual([{ activity: { kind: 'form_submitted', at: T, formName: 'Demo request' }, sourceKey: `form:${T}` }]);
  });
});
