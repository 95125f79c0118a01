/**
 * "Today" for the tests, never the real today.
 *
 * The time-sensitive suites (SLA clock, SLA policy, the simulated month, the SLA end to end) start at
 * LEADLOOP_TEST_NOW (an ISO instant, e.g. `LEADLOOP_TEST_NOW=2026-11-25T15:00:00Z`) when it is set, and at
 * DEFAULT_TEST_NOW otherwise. CI runs them under several such dates (`.ci/run`, `npm run test:dates`), so a
 * test that only passes on some days fails the day it is written.
 *
 * Also here: an independent model of working time (`workingClock`), written for the tests without the code of
 * src/domain/sla-clock.ts, so expectations are never computed by the code under test.
 */

/** Tuesday 17 November 2026, 10:00 in New York: an ordinary working week with no holiday in reach. */
export const DEFAULT_TEST_NOW = '2026-11-17T15:00:00.000Z';

export interface TestNow {
  instant: number;
  iso: string;
  /** True when LEADLOOP_TEST_NOW is not set: the suite may check its hand-written values for the default. */
  isDefault: boolean;
}

/** LEADLOOP_TEST_NOW, or the fixed default. An unreadable value stops the suite rather than run at another date. */
export function testNow(env: NodeJS.ProcessEnv = process.env): TestNow {
  const raw = env.LEADLOOP_TEST_NOW?.trim();
  if (!raw) return { instant: Date.parse(DEFAULT_TEST_NOW), iso: DEFAULT_TEST_NOW, isDefault: true };
  // An instant: a date, a time and a zone (Z or ±hh:mm). A bare date would mean different days in different zones.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw new Error(`LEADLOOP_TEST_NOW must be an ISO instant such as 2026-11-25T15:00:00Z; got "${raw}"`);
  }
  const instant = Date.parse(raw);
  return { instant, iso: new Date(instant).toISOString(), isDefault: false };
}

/** A clock that starts at `start` and then runs with real elapsed time (end-to-end work still progresses). */
export function testClock(start: number = testNow().instant): { start: number; now: () => number } {
  const origin = performance.now();
  return { start, now: () => start + Math.floor(performance.now() - origin) };
}

// ---------------------------------------------------------------------------------------------------------------
// Working time, modelled independently: every 15-minute block of UTC is either all working time or none of it
// (zone offsets are multiples of 15 minutes, DST moves whole hours, opening hours here are on quarter hours), so
// the model walks blocks and asks Intl what the local wall clock says at each one. Slow, obvious, and separate.

export interface WorkingCalendar {
  timeZone: string;
  /** ISO weekdays, 1 = Monday. */
  workingDays: number[];
  hours: { start: string; end: string };
  holidays: string[];
}

const BLOCK = 15 * 60_000;
const HOUR = 3_600_000;
const DAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const wallFormats = new Map<string, Intl.DateTimeFormat>();

/** What a wall clock in `timeZone` shows at `instant`. */
export function wallClock(instant: number, timeZone: string): { date: string; weekday: number; minuteOfDay: number } {
  let f = wallFormats.get(timeZone);
  if (!f) wallFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  const p = Object.fromEntries(f.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, weekday: DAYS[p.weekday!]!, minuteOfDay: Number(p.hour) * 60 + Number(p.minute) };
}

const minutesOf = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));

/** Whether the minute starting at `instant` is working time by the calendar. */
export function isWorkingMinute(instant: number, c: WorkingCalendar): boolean {
  const w = wallClock(instant, c.timeZone);
  return c.workingDays.includes(w.weekday) && !c.holidays.includes(w.date) && w.minuteOfDay >= minutesOf(c.hours.start) && w.minuteOfDay < minutesOf(c.hours.end);
}

/** The independent model of "`hours` working hours after `start`". */
export function addWorkingHoursModel(start: number, hours: number, c: WorkingCalendar): number {
  let remaining = hours * HOUR;
  let t = start;
  for (let guard = 0; guard < 40 * 96; guard++) {
    const blockEnd = Math.floor(t / BLOCK) * BLOCK + BLOCK;
    if (isWorkingMinute(t, c)) {
      if (remaining <= blockEnd - t) return t + remaining;
      remaining -= blockEnd - t;
    }
    t = blockEnd;
  }
  throw new Error('no working time within 40 days');
}

/** The independent model of the working time between two instants, in ms. */
export function workingMsBetweenModel(from: number, to: number, c: WorkingCalendar): number {
  let total = 0;
  for (let t = from; t < to; ) {
    const blockEnd = Math.min(Math.floor(t / BLOCK) * BLOCK + BLOCK, to);
    if (isWorkingMinute(t, c)) total += blockEnd - t;
    t = blockEnd;
  }
  return total;
}

/** A deadline lands inside working time: the moment just before it is working time (it may be closing time itself). */
export function endsInWorkingTime(deadline: number, c: WorkingCalendar): boolean {
  return isWorkingMinute(deadline - 1, c);
}
