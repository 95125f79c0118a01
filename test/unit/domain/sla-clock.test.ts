import { addWorkingHours, instantOf, workingHoursBetween, type BusinessCalendar } from '../../../src/domain/sla-clock';

const berlin: BusinessCalendar = { timeZone: 'Europe/Berlin', workingDays: [1, 2, 3, 4, 5], hours: { start: '09:00', end: '17:00' }, holidays: ['2026-12-25', '2026-12-26'] };
const newYork: BusinessCalendar = { ...berlin, timeZone: 'America/New_York', holidays: ['2026-11-26'] };
const iso = (ms: number) => new Date(ms).toISOString();

describe('SLA clock: business hours', () => {
  // [label, calendar, start (UTC), hours, expected deadline (UTC)]
  const table: Array<[string, BusinessCalendar, string, number, string]> = [
    ['inside one working day', berlin, '2026-11-24T09:00:00Z', 2, '2026-11-24T11:00:00Z'], // 10:00 CET + 2 h = 12:00 CET
    ['before opening: the clock starts at 09:00', berlin, '2026-11-24T05:00:00Z', 1, '2026-11-24T09:00:00Z'],
    ['after closing: the clock starts next morning', berlin, '2026-11-24T18:00:00Z', 1, '2026-11-25T09:00:00Z'],
    ['across a night', berlin, '2026-11-24T15:00:00Z', 2, '2026-11-25T09:00:00Z'], // 16:00 CET: 1 h today, 1 h tomorrow
    ['across a weekend', berlin, '2026-11-27T14:00:00Z', 8, '2026-11-30T14:00:00Z'], // Fri 15:00 CET + 8 h = Mon 15:00 CET
    ['24 business hours = three working days', berlin, '2026-11-23T08:00:00Z', 24, '2026-11-25T16:00:00Z'],
    ['across Christmas (two holidays and a weekend)', berlin, '2026-12-24T15:00:00Z', 2, '2026-12-28T09:00:00Z'], // Thu 16:00 CET
    ['New York, Thanksgiving skipped', newYork, '2026-11-25T21:30:00Z', 1, '2026-11-27T14:30:00Z'], // Wed 16:30 EST: 30 min, Thanksgiving, 30 min → Fri 09:30 EST
    ['spring forward (Berlin, 29 Mar 2026): still 8 working hours a day', berlin, '2026-03-27T15:00:00Z', 2, '2026-03-30T08:00:00Z'], // Fri 16:00 CET → Mon 10:00 CEST
    ['fall back (New York, 1 Nov 2026)', newYork, '2026-10-30T20:00:00Z', 2, '2026-11-02T15:00:00Z'], // Fri 16:00 EDT → Mon 10:00 EST
  ];
  it.each(table)('%s', (_label, calendar, start, hours, expected) => {
    expect(iso(addWorkingHours(Date.parse(start), hours, calendar, 'business'))).toBe(new Date(expected).toISOString());
  });

  it('calendar hours are elapsed hours, DST or not', () => {
    const start = Date.parse('2026-03-28T12:00:00Z');
    expect(iso(addWorkingHours(start, 24, berlin, 'calendar'))).toBe('2026-03-29T12:00:00.000Z');
  });

  it('maps local wall-clock times to instants in both DST directions', () => {
    expect(iso(instantOf(2026, 3, 29, 9, 0, 'Europe/Berlin'))).toBe('2026-03-29T07:00:00.000Z'); // CEST
    expect(iso(instantOf(2026, 3, 28, 9, 0, 'Europe/Berlin'))).toBe('2026-03-28T08:00:00.000Z'); // CET
    expect(iso(instantOf(2026, 11, 1, 9, 0, 'America/New_York'))).toBe('2026-11-01T14:00:00.000Z'); // EST
    expect(iso(instantOf(2026, 10, 31, 9, 0, 'America/New_York'))).toBe('2026-10-31T13:00:00.000Z'); // EDT
  });

  it('measures business hours between two instants, the inverse of adding them', () => {
    const start = Date.parse('2026-11-27T14:00:00Z');
    expect(workingHoursBetween(start, Date.parse('2026-11-30T14:00:00Z'), berlin, 'business')).toBeCloseTo(8, 2);
    expect(workingHoursBetween(start, start - 1, berlin, 'business')).toBe(0);
  });

  it('refuses a calendar with no working time instead of looping forever', () => {
    expect(() => addWorkingHours(0, 1, { ...berlin, workingDays: [] }, 'business')).toThrow(/no working time/);
  });
});
