/**
 * The SLA's clock: deadlines counted in business hours (a time zone, working days, opening hours, holidays)
 * or in calendar hours. Pure; uses only the JavaScript Intl time-zone data.
 */
export interface BusinessCalendar {
  /** IANA zone, e.g. "Europe/Berlin". */
  timeZone: string;
  /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
  workingDays: number[];
  /** Opening hours, local time, "HH:MM" (end after start). */
  hours: { start: string; end: string };
  /** Local dates "YYYY-MM-DD" that are not working days. */
  holidays: string[];
}

const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The zone's wall clock at an instant, read from the time-zone data (Intl): the costly call (~10 µs). */
function readWallClock(instant: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(instant))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in ms, read from the time-zone data. */
function readOffset(instant: number, timeZone: string): number {
  const l = readWallClock(instant, timeZone);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - Math.floor(instant / 1000) * 1000;
}

const OFFSET_SPAN_MS = HOUR_MS;
const MAX_CACHED_OFFSETS = 10_000;
/** Offsets by zone and hour of UTC time, for hours whose offset does not change within them. */
const offsets = new Map<string, number>();

/**
 * The zone's offset from UTC at an instant, in ms. One deadline reads the wall clock tens of times (each day it
 * walks, its opening and closing instants, two passes each) and the worker computes deadlines for every lead, so
 * offsets are kept per UTC hour: an hour whose offset is the same at its first and its last second has no
 * transition in it (zones change offset at most twice a year, never twice within an hour), so one reading
 * serves the whole hour. An hour with a transition is read at the instant itself, every time.
 */
function offsetAt(instant: number, timeZone: string): number {
  const hourStart = Math.floor(instant / OFFSET_SPAN_MS) * OFFSET_SPAN_MS;
  const key = `${timeZone}|${hourStart}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const first = readOffset(hourStart, timeZone);
  if (first !== readOffset(hourStart + OFFSET_SPAN_MS - 1000, timeZone)) return readOffset(instant, timeZone);
  if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
  offsets.set(key, first);
  return first;
}

/** The zone's wall clock at an instant (to the second, as a clock shows it). */
export function localTimeOf(instant: number, timeZone: string): LocalTime {
  const wall = new Date(Math.floor(instant / 1000) * 1000 + offsetAt(instant, timeZone));
  const weekday = wall.getUTCDay();
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    weekday: weekday === 0 ? 7 : weekday,
  };
}

/**
 * The instant of a local wall-clock time. Two passes settle the offset across a DST change; a time that does
 * not exist (spring forward) lands just after the gap, as a clock on the wall would show it.
 */
export function instantOf(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall - offsetAt(wall, timeZone);
  guess = wall - offsetAt(guess, timeZone);
  return guess;
}

const parseHm = (hm: string) => {
  const [h = '0', m = '0'] = hm.split(':');
  return { h: Number(h), m: Number(m) };
};
const pad = (n: number) => String(n).padStart(2, '0');

export function isWorkingDay(l: Pick<LocalTime, 'year' | 'month' | 'day' | 'weekday'>, calendar: BusinessCalendar): boolean {
  return calendar.workingDays.includes(l.weekday) && !calendar.holidays.includes(`${l.year}-${pad(l.month)}-${pad(l.day)}`);
}

/** When `hours` of work time after `start` run out: business hours by the calendar, or plain elapsed hours. */
export function addWorkingHours(start: number, hours: number, calendar: BusinessCalendar, mode: 'business' | 'calendar'): number {
  if (mode === 'calendar' || hours <= 0) return start + Math.max(0, hours) * HOUR_MS;
  const open = parseHm(calendar.hours.start);
  const close = parseHm(calendar.hours.end);
  let remaining = hours * HOUR_MS;
  let t = start;
  // Bounded: a year of days is more than any SLA needs; a calendar with no working day never ends.
  for (let guard = 0; guard < 400; guard++) {
    const l = localTimeOf(t, calendar.timeZone);
    if (isWorkingDay(l, calendar)) {
      const dayStart = instantOf(l.year, l.month, l.day, open.h, open.m, calendar.timeZone);
      const dayEnd = instantOf(l.year, l.month, l.day, close.h, close.m, calendar.timeZone);
      const from = Math.max(t, dayStart);
      if (from < dayEnd) {
        if (remaining <= dayEnd - from) return from + remaining;
        remaining -= dayEnd - from;
      }
    }
    // Next local midnight (noon first, then midnight, so a DST day of 23 or 25 hours cannot skip or repeat a day).
    const noon = instantOf(l.year, l.month, l.day, 12, 0, calendar.timeZone) + 24 * HOUR_MS;
    const next = localTimeOf(noon, calendar.timeZone);
    t = instantOf(next.year, next.month, next.day, 0, 0, calendar.timeZone);
  }
  throw new Error('the business calendar has no working time: check workingDays, hours and holidays');
}

/** Business (or calendar) hours between two instants: how long sales actually took. */
export function workingHoursBetween(from: number, to: number, calendar: BusinessCalendar, mode: 'business' | 'calendar'): number {
  if (to <= from) return 0;
  if (mode === 'calendar') return (to - from) / HOUR_MS;
  // Binary search on addWorkingHours keeps one definition of "working time".
  let lo = 0;
  let hi = (to - from) / HOUR_MS;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (addWorkingHours(from, mid, calendar, 'business') <= to) lo = mid;
    else hi = mid;
  }
  return Math.round(lo * 1000) / 1000;
}
