import { conversionIsOfForm, formOfConversion } from '../../../src/domain/conversion-name';
import { indexActivities, matchingActivities } from '../../../src/domain/match-activity';

describe('conversion names as HubSpot writes them ("<page title>: <form name>")', () => {
  it.each([
    ['Pricing | Northwind: Demo request', 'Demo request', true],
    ['Demo request', 'Demo request', true],
    ['  pricing | northwind: DEMO REQUEST ', 'Demo request', true],
    ['Pricing: plans | Northwind: Demo request', 'Demo request', true],
    ['Blog: Content download: 2026 pipeline report', 'Content download: 2026 pipeline report', true],
    ['Pricing | Northwind: Demo request (EMEA)', 'Demo request', false],
    ['Pricing | Northwind: Request a demo request', 'Demo request', false],
    ['Demo request', '', false],
    ['Meetings Link: sabeen-minns', 'Demo request', false],
  ])('%j is of form %j: %s', (conversion, form, expected) => {
    expect(conversionIsOfForm(conversion, form)).toBe(expected);
  });

  it('picks the longest form name a conversion ends with', () => {
    const forms = [{ id: 'a', name: '2026 pipeline report' }, { id: 'b', name: 'Content download: 2026 pipeline report' }, { id: 'c', name: 'Demo request' }];
    expect(formOfConversion('Blog | Northwind: Content download: 2026 pipeline report', forms)?.id).toBe('b');
    expect(formOfConversion('Home: 2026 pipeline report', forms)?.id).toBe('a');
    expect(formOfConversion('Home: Newsletter', forms)).toBeUndefined();
  });

  it('a rule on a form name matches the conversion of a real page', () => {
    const at = Date.UTC(2026, 2, 2);
    const activities = [{ kind: 'form_submitted' as const, at, formName: 'Pricing | Northwind: Demo request' }, { kind: 'form_submitted' as const, at, formName: 'Pricing | Northwind: Newsletter' }];
    const matched = matchingActivities({ kind: 'form_submitted', form: { name: 'Demo request' } }, indexActivities(activities));
    expect(matched).toEqual([activities[0]]);
  });
});
