import { nameAndDomainKey, normalisedEmail } from '../../../src/domain/duplicate-keys';

describe('duplicate keys', () => {
  it.each([
    ['Dana.Kim+webinar@Gmail.com', 'danakim@gmail.com'],
    ['dana.kim@googlemail.com', 'danakim@gmail.com'],
    [' Dana.Kim@Acme.io ', 'dana.kim@acme.io'],
    ['dana+x@acme.io', 'dana@acme.io'],
    ['not an email', null],
    [null, null],
  ])('%s → %s', (input, key) => expect(normalisedEmail(input)).toBe(key));

  it('keys a name with a company domain, not with a personal one', () => {
    expect(nameAndDomainKey('Léa', 'Martin', 'lea@brightwave.example')).toBe('lea martin|brightwave.example');
    expect(nameAndDomainKey('LEA ', 'martin', 'l.martin@Brightwave.example')).toBe('lea martin|brightwave.example');
    expect(nameAndDomainKey('Lea', 'Martin', 'lea@gmail.com')).toBeNull();
    expect(nameAndDomainKey('Lea', null, 'lea@brightwave.example')).toBeNull();
  });
});
