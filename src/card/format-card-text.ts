/** Text the card shows, from the payload and the time: pure, so the component tests can fix the clock. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const STAGES: Record<string, string> = {
  subscriber: 'Subscriber',
  lead: 'Lead',
  marketingqualifiedlead: 'MQL',
  salesqualifiedlead: 'SQL',
  opportunity: 'Opportunity',
  customer: 'Customer',
  evangelist: 'Evangelist',
};

const CELLS: Record<string, string> = {
  readyTarget: 'Ready to buy × target profile',
  readyNotTarget: 'Ready to buy × not target profile',
  notReadyTarget: 'Not ready yet × target profile',
  notReadyNotTarget: 'Not ready yet × not target profile',
};

export const stageName = (stage: string): string => STAGES[stage] ?? (stage || '(none)');
export const cellName = (cell: string): string => CELLS[cell] ?? cell;
export const signedPoints = (points: number): string => (points >= 0 ? `+${points}` : `${points}`);

/** "2h 30m", "45m", "3d 2h": the two largest units. Working time never counts days ("24h 0m": three working days). */
export function duration(ms: number, days = true): string {
  const m = Math.floor(Math.abs(ms) / MINUTE);
  if (!days) return m >= 60 ? `${Math.floor(m / 60)}h ${m % 60}m` : `${m}m`;
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${min}m`;
  return `${min}m`;
}

/** "today", "yesterday", "3 days ago" (by elapsed days, the same in every zone). */
export function daysAgo(at: number, now: number): string {
  const days = Math.floor((now - at) / DAY);
  if (days <= 0) return 'today';
  return days === 1 ? 'yesterday' : `${days} days ago`;
}

/** "Tue 17 Nov, 14:00" on the SLA calendar's wall clock. */
export function wallTime(at: number, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(at))
      .map((x) => [x.type, x.value]),
  );
  return `${p.weekday} ${p.day} ${p.month}, ${p.hour}:${p.minute}`;
}

/** The first-touch countdown: "due in 2h 30m" or "overdue by 1h 5m" (wall-clock time; working time is shown apart). */
export function countdown(dueAt: number, now: number): { text: string; overdue: boolean } {
  const left = dueAt - now;
  return left >= 0 ? { text: `due in ${duration(left)}`, overdue: false } : { text: `overdue by ${duration(left)}`, overdue: true };
}

/** "reminder-4h" → "reminder 4h before the deadline"; the other notices by name. */
export function noticeName(kind: string): string {
  const reminder = /^reminder-(\d+)h$/.exec(kind);
  if (reminder) return `reminder ${reminder[1]}h before the deadline`;
  return { 'first-touch-breach': 'first-touch breach notice', escalation: 'escalation to the manager', 'attempts-breach': 'attempts breach notice' }[kind] ?? kind;
}
