import fs from 'node:fs';
import path from 'node:path';
import { addWorkingHours, instantOf, localTimeOf, workingHoursBetween, type BusinessCalendar } from '../../../src/domain/sla-clock';
import { addWorkingHoursModel, endsInWorkingTime, testNow, workingMsBetweenModel } from '../../helpers/test-clock';

const berlin: BusinessCalendar = { timeZone: 'Europe/Berlin', workingDays: [1, 2, 3, 4, 5], hours: { start: '09:00', end: '17:00' }, holidays: ['2026-12-25', '2026-12-26'] };
const newYork: BusinessCalendar = { ...berlin, timeZone: 'America/New_York', holidays: ['2026-11-26'] };
const iso = (ms: number) => new Date(ms).toISOString();
/** The calendar leadloop ships (config/sla.json): New York, Thanksgiving, Christmas and New Year's Day. */
const shipped = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../config/sla.json'), 'utf8')) as { calendar: BusinessCalendar }).calendar;
const TODAY = testNow();

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

  // The shipped calendar at the dates CI's sweep runs the suites on (.ci/run), worked out by hand.
  // [label, start (UTC), deadline after 24 working hours, after 32 (the escalation), both UTC]
  const shippedTable: Array<[string, string, string, string]> = [
    ['the default test date, Tue 10:00 EST', '2026-11-17T15:00:00Z', '2026-11-20T15:00:00Z', '2026-11-23T15:00:00Z'], // Tue 7 h, Wed, Thu, Fri 1 h | Fri 7 h, Mon 1 h
    ['Monday 09:30 EST', '2026-11-16T14:30:00Z', '2026-11-19T14:30:00Z', '2026-11-20T14:30:00Z'], // Mon 7.5 h, Tue, Wed, Thu 0.5 h
    ['Friday 18:30 EST: the clock starts Monday, Thanksgiving skipped', '2026-11-20T23:30:00Z', '2026-11-25T22:00:00Z', '2026-11-27T22:00:00Z'],
    ['the day before Thanksgiving, Wed 10:00 EST', '2026-11-25T15:00:00Z', '2026-12-01T15:00:00Z', '2026-12-02T15:00:00Z'], // Wed 7, Fri 8, Mon 8, Tue 1 | Tue 7, Wed 1
    ['spring forward, Sun 8 Mar 01:30 EST: Monday opens at 09:00 EDT', '2026-03-08T06:30:00Z', '2026-03-11T21:00:00Z', '2026-03-12T21:00:00Z'],
    ['fall back, Sun 1 Nov 01:30 EDT: Monday opens at 09:00 EST', '2026-11-01T05:30:00Z', '2026-11-04T22:00:00Z', '2026-11-05T22:00:00Z'],
    ['31 December 18:00 EST: New Year\'s Day and a weekend skipped', '2026-12-31T23:00:00Z', '2027-01-06T22:00:00Z', '2027-01-07T22:00:00Z'],
  ];
  it.each(shippedTable)('config/sla.json: %s', (_label, start, due24, due32) => {
    expect(iso(addWorkingHours(Date.parse(start), 24, shipped, 'business'))).toBe(iso(Date.parse(due24)));
    expect(iso(addWorkingHours(Date.parse(start), 32, shipped, 'business'))).toBe(iso(Date.parse(due32)));
  });

  it('the tests\' independent model of working time agrees with the hand-worked tables', () => {
    for (const [, calendar, start, hours, expected] of table) expect(iso(addWorkingHoursModel(Date.parse(start), hours, calendar))).toBe(iso(Date.parse(expected)));
    for (const [, start, due24, due32] of shippedTable) {
      expect(iso(addWorkingHoursModel(Date.parse(start), 24, shipped))).toBe(iso(Date.parse(due24)));
      expect(iso(addWorkingHoursModel(Date.parse(start), 32, shipped))).toBe(iso(Date.parse(due32)));
    }
  });

  // "Today" (LEADLOOP_TEST_NOW, or the fixed default): what must hold on any date.
  describe(`starting at ${TODAY.iso}${TODAY.isDefault ? ' (the default test date)' : ' (LEADLOOP_TEST_NOW)'}`, () => {
    it.each([
      ['config/sla.json', shipped],
      ['Berlin', berlin],
    ] as const)('%s: each deadline is later, lands in working time, and is exactly that many working hours away', (_name, calendar) => {
      for (const hours of [0.25, 1, 4, 8, 20, 24, 32]) {
        const due = addWorkingHours(TODAY.instant, hours, calendar, 'business');
        expect([hours, due > TODAY.instant]).toEqual([hours, true]);
        expect([hours, endsInWorkingTime(due, calendar)]).toEqual([hours, true]);
        expect([hours, workingMsBetweenModel(TODAY.instant, due, calendar)]).toEqual([hours, hours * 3_600_000]);
        expect([hours, iso(due)]).toEqual([hours, iso(addWorkingHoursModel(TODAY.instant, hours, calendar))]);
        expect(workingHoursBetween(TODAY.instant, due, calendar, 'business')).toBeCloseTo(hours, 2);
      }
    });

    it('calendar hours are elapsed hours from today, whatever the zone does', () => {
      expect(addWorkingHours(TODAY.instant, 24, shipped, 'calendar') - TODAY.instant).toBe(24 * 3_600_000);
    });
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

describe('SLA clock: the wall clock, read once per hour', () => {
  // The reference: Intl read at the instant itself, every time (what localTimeOf did before it kept offsets).
  const wallClockByIntl = (instant: number, timeZone: string) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' })
        .formatToParts(new Date(instant))
        .map((p) => [p.type, p.value]),
    );
    return { year: +parts.year!, month: +parts.month!, day: +parts.day!, hour: +parts.hour!, minute: +parts.minute!, second: +parts.second!, weekday: ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) };
  };
  // Transitions on the hour (Berlin, New York), at half past (Lord Howe moves by 30 minutes at 02:00 local, which
  // is 15:00 or 15:30 UTC), at 31 minutes past (St. John's, 2010), in a zone 45 minutes off the hour (Chatham) and
  // one without DST (Kathmandu, +05:45).
  const cases: Array<[string, string]> = [
    ['Europe/Berlin', '2026-03-29T00:00:00Z'],
    ['Europe/Berlin', '2026-10-25T00:00:00Z'],
    ['America/New_York', '2026-03-08T05:00:00Z'],
    ['America/New_York', '2026-11-01T04:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T13:00:00Z'],
    ['Australia/Lord_Howe', '2026-10-03T14:00:00Z'],
    ['Pacific/Chatham', '2026-04-04T12:00:00Z'],
    ['Asia/Kathmandu', '2026-06-01T00:00:00Z'],
    // In the second half of a UTC hour: St. John's moved its clocks at 00:01 local until 2011 (03:31 UTC).
    ['America/St_Johns', '2010-03-14T02:00:00Z'],
  ];
  it.each(cases)('%s around %s: every instant of 4 hours, minute by minute and at odd seconds, as Intl reads it', (timeZone, from) => {
    const start = Date.parse(from);
    const mismatches: string[] = [];
    // Each pass walks the same hours again, so later passes are served from the kept offsets.
    for (const step of [60_000, 37_001, 59_999]) {
      for (let t = start; t < start + 4 * 3_600_000; t += step) {
        const got = localTimeOf(t, timeZone);
        const want = wallClockByIntl(t, timeZone);
        if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${new Date(t).toISOString()}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
      }
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
  });
});
