import { instantOf, isWorkingDay, localTimeOf, type BusinessCalendar } from './sla-clock';

const pad = (n: number) => String(n).padStart(2, '0');

/** The first working day of a month by the contract's calendar (working days, holidays), as a local "YYYY-MM-DD". */
export function firstWorkingDayOfMonth(year: number, month: number, calendar: BusinessCalendar): string {
  for (let day = 1; day <= 31; day++) {
    const noon = instantOf(year, month, day, 12, 0, calendar.timeZone);
    const l = localTimeOf(noon, calendar.timeZone);
    if (l.month !== month) break;
    if (isWorkingDay(l, calendar)) return `${year}-${pad(month)}-${pad(day)}`;
  }
  throw new RangeError(`no working day in ${year}-${pad(month)} by the contract's calendar`);
}

/**
 * The month whose review is due at `now`: the month just ended, from the opening hour of this month's first working
 * day on (local time). Any later moment of the month still finds it due, so a leadloop that was down on that day
 * sends it when it is back; the send claims keep it to once. Null before that moment.
 */
export function reviewMonthDue(now: number, calendar: BusinessCalendar): string | null {
  const l = localTimeOf(now, calendar.timeZone);
  const first = firstWorkingDayOfMonth(l.year, l.month, calendar);
  const [h = 0, m = 0] = calendar.hours.start.split(':').map(Number);
  const opens = instantOf(l.year, l.month, Number(first.slice(8, 10)), h, m, calendar.timeZone);
  if (now < opens) return null;
  const prev = l.month === 1 ? { y: l.year - 1, m: 12 } : { y: l.year, m: l.month - 1 };
  return `${prev.y}-${pad(prev.m)}`;
}

/** "YYYY-MM" of the month after `month`. */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
}
