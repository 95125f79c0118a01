import { firstWorkingDayOfMonth, nextMonth, reviewMonthDue } from '../../../src/domain/review-schedule';

const calendar = { timeZone: 'America/New_York', workingDays: [1, 2, 3, 4, 5], hours: { start: '09:00', end: '17:00' }, holidays: ['2026-11-26', '2026-12-25', '2027-01-01'] };

describe('the first working day of a month', () => {
  it('skips weekends and the contract holidays (worked from a wall calendar)', () => {
    expect(firstWorkingDayOfMonth(2026, 11, calendar)).toBe('2026-11-02'); // 1 Nov 2026 is a Sunday
    expect(firstWorkingDayOfMonth(2026, 12, calendar)).toBe('2026-12-01'); // a Tuesday
    expect(firstWorkingDayOfMonth(2027, 1, calendar)).toBe('2027-01-04'); // Fri 1st a holiday, then the weekend
    expect(firstWorkingDayOfMonth(2027, 1, { ...calendar, holidays: [] })).toBe('2027-01-01');
  });
});

describe('when the review of the month just ended is due', () => {
  it('from the opening hour of the first working day, local time, for the rest of the month', () => {
    expect(reviewMonthDue(Date.parse('2027-01-01T15:00:00Z'), calendar)).toBeNull(); // the holiday
    expect(reviewMonthDue(Date.parse('2027-01-04T13:59:00Z'), calendar)).toBeNull(); // 08:59 in New York (EST, UTC−5)
    expect(reviewMonthDue(Date.parse('2027-01-04T14:00:00Z'), calendar)).toBe('2026-12');
    expect(reviewMonthDue(Date.parse('2026-12-01T14:00:00Z'), calendar)).toBe('2026-11');
    expect(reviewMonthDue(Date.parse('2026-12-20T03:00:00Z'), calendar)).toBe('2026-11');
    // 1 Dec 03:00 UTC is still 30 Nov in New York: November's first working day has long passed, October is due.
    expect(reviewMonthDue(Date.parse('2026-12-01T03:00:00Z'), calendar)).toBe('2026-10');
    expect(nextMonth('2026-12')).toBe('2027-01');
  });
});
