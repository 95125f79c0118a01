import fs from 'node:fs';
import path from 'node:path';
import { slaSchema } from '../../../src/config/sla-schema';
import { formatZodIssues } from '../../../src/config/format-zod-issues';

const shipped = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../config/sla.json'), 'utf8'));
const problems = (mutate: (c: Record<string, any>) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
  const c = JSON.parse(JSON.stringify(shipped));
  mutate(c);
  const r = slaSchema.safeParse(c);
  return r.success ? [] : formatZodIssues(r.error);
};

describe('config/sla.json', () => {
  it('the shipped contract is valid', () => {
    expect(slaSchema.parse(shipped)).toMatchObject({ monthlyMqlCommitment: 200, firstTouch: { deadlineHours: 24, mode: 'business' }, attempts: { minimum: 3, withinDays: 7 } });
  });

  it.each([
    ['an unknown time zone', (c: Record<string, any>) => (c.calendar.timeZone = 'Mars/Olympus'), 'calendar.timeZone: not an IANA time zone'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['hours the wrong way round', (c: Record<string, any>) => (c.calendar.hours = { start: '17:00', end: '09:00' }), 'calendar.hours: end must be after start'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['a malformed hour', (c: Record<string, any>) => (c.calendar.hours.start = '9am'), 'calendar.hours.start: expected HH:MM'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['no working day', (c: Record<string, any>) => (c.calendar.workingDays = []), 'calendar.workingDays: at least one working day'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['a bad holiday', (c: Record<string, any>) => (c.calendar.holidays = ['25/12/2026']), 'calendar.holidays[0]'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['an owner id that is not one', (c: Record<string, any>) => (c.escalation.managerOwnerId = 'boss'), 'escalation.managerOwnerId: expected a HubSpot owner id'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['an unknown routing kind', (c: Record<string, any>) => (c.routing = { kind: 'random' }), 'routing.kind'], // eslint-disable-line @typescript-eslint/no-explicit-any
  ])('%s is refused with its path and reason', (_label, mutate, message) => {
    expect(problems(mutate).join('\n')).toContain(message);
  });
});
