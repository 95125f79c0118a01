import fs from 'node:fs';
import path from 'node:path';
import { slaSchema } from '../../../src/config/sla-schema';
import { evaluateSla, withTouch, type SlaItem, type SlaTerms } from '../../../src/domain/sla-policy';
import { termsOf } from '../../../src/sla/sla-terms';
import { addWorkingHoursModel, endsInWorkingTime, testNow } from '../../helpers/test-clock';

const terms: SlaTerms = {
  firstTouch: { deadlineHours: 24, mode: 'calendar' },
  calendar: { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], hours: { start: '09:00', end: '17:00' }, holidays: [] },
  attempts: { minimum: 3, withinDays: 7 },
  remindersBeforeDeadlineHours: [4],
  escalation: { afterHours: 8, managerOwnerId: '1' },
};
const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 2, 10);
const item = (over: Partial<SlaItem> = {}): SlaItem => ({ openedAt: T0, ownerId: '7', clockStartAt: T0, firstTouchAt: null, touches: [], noticesGiven: [], ...over });

describe('the SLA policy', () => {
  it.each([
    ['before anything is due', 1, [], 'open', T0 + 20 * H],
    ['the reminder 4 h before the deadline', 20, ['reminder-4h'], 'open', T0 + 24 * H],
    ['the breach at the deadline (the reminder no longer worth sending)', 24, ['first-touch-breach'], 'overdue', T0 + 32 * H],
    ['the escalation 8 h later, with the breach if not yet given', 32, ['first-touch-breach', 'escalation'], 'overdue', T0 + 7 * 24 * H],
  ])('gives %s', (_what, hours, kinds, status, next) => {
    const ev = evaluateSla(terms, item(), T0 + hours * H);
    expect(ev.notices.map((n) => n.kind)).toEqual(kinds);
    expect(ev.status).toBe(status);
    expect(ev.nextCheckAt).toBe(next);
  });

  it('gives nothing twice', () => {
    const ev = evaluateSla(terms, item({ noticesGiven: ['reminder-4h', 'first-touch-breach'] }), T0 + 25 * H);
    expect(ev.notices).toEqual([]);
  });

  it('is met once touched in time and attempted three times in the window', () => {
    const touches = [T0 + 2 * H, T0 + 30 * H, T0 + 50 * H];
    const ev = evaluateSla(terms, item({ firstTouchAt: touches[0]!, touches }), T0 + 51 * H);
    expect(ev).toMatchObject({ status: 'met', notices: [], nextCheckAt: null });
  });

  it('after a timely touch, waits for the attempts window and then reports the shortfall once', () => {
    const touched = item({ firstTouchAt: T0 + H, touches: [T0 + H] });
    expect(evaluateSla(terms, touched, T0 + 3 * 24 * H)).toMatchObject({ status: 'open', notices: [], nextCheckAt: T0 + 7 * 24 * H });
    const end = evaluateSla(terms, touched, T0 + 7 * 24 * H);
    expect(end.notices.map((n) => n.kind)).toEqual(['attempts-breach']);
    expect(end.status).toBe('breached');
  });

  it('counts one logged call once, however many properties it changed', () => {
    expect(withTouch(withTouch([], T0), T0 + 20_000)).toEqual([T0]);
    expect(withTouch([T0], T0 + 2 * 60_000)).toEqual([T0, T0 + 2 * 60_000]);
  });

  it('counts the deadline in business hours when asked (Friday 15:00 + 24 h lands on Wednesday 15:00)', () => {
    const friday = Date.UTC(2026, 10, 6, 15);
    const ev = evaluateSla({ ...terms, firstTouch: { deadlineHours: 24, mode: 'business' } }, item({ openedAt: friday, clockStartAt: friday }), friday);
    expect(new Date(ev.firstTouchDueAt).toISOString()).toBe('2026-11-11T15:00:00.000Z');
  });

  // The terms leadloop ships (config/sla.json: 24 business hours in New York, reminder 4 h before, escalation
  // 8 h after, 3 attempts in 7 days), at the dates CI's sweep runs on. Every value worked out by hand.
  describe('with config/sla.json', () => {
    const shipped = termsOf(slaSchema.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../config/sla.json'), 'utf8'))));
    const opened = (at: number) => item({ openedAt: at, clockStartAt: at });
    const MIN = 60_000;
    // [label, MQL at, reminder (20 working h), due (24), escalation (32), status just after the escalation] (UTC)
    const table: Array<[string, string, string, string, string, 'overdue' | 'breached']> = [
      ['Tue 10:00 EST (the default test date)', '2026-11-17T15:00:00Z', '2026-11-19T19:00:00Z', '2026-11-20T15:00:00Z', '2026-11-23T15:00:00Z', 'overdue'],
      ['Monday 09:30 EST', '2026-11-16T14:30:00Z', '2026-11-18T18:30:00Z', '2026-11-19T14:30:00Z', '2026-11-20T14:30:00Z', 'overdue'],
      ['Friday 18:30 EST', '2026-11-20T23:30:00Z', '2026-11-25T18:00:00Z', '2026-11-25T22:00:00Z', '2026-11-27T22:00:00Z', 'overdue'], // 1.5 h inside the 7 days
      // Thanksgiving pushes the escalation to exactly 7 days after the MQL: the attempts window has closed too.
      ['the day before Thanksgiving, Wed 10:00 EST', '2026-11-25T15:00:00Z', '2026-11-30T19:00:00Z', '2026-12-01T15:00:00Z', '2026-12-02T15:00:00Z', 'breached'],
      ['spring forward, Sun 8 Mar 01:30 EST', '2026-03-08T06:30:00Z', '2026-03-11T17:00:00Z', '2026-03-11T21:00:00Z', '2026-03-12T21:00:00Z', 'overdue'],
      ['fall back, Sun 1 Nov 01:30 EDT', '2026-11-01T05:30:00Z', '2026-11-04T18:00:00Z', '2026-11-04T22:00:00Z', '2026-11-05T22:00:00Z', 'overdue'],
      ['31 December 18:00 EST', '2026-12-31T23:00:00Z', '2027-01-06T18:00:00Z', '2027-01-06T22:00:00Z', '2027-01-07T22:00:00Z', 'overdue'],
    ];
    it.each(table)('an MQL at %s: reminder, due time, escalation and status as worked out by hand', (_label, at, reminder, due, escalation, status) => {
      const t = Date.parse(at);
      const start = evaluateSla(shipped, opened(t), t);
      expect(start).toMatchObject({ firstTouchDueAt: Date.parse(due), attemptsDueAt: t + 7 * 24 * H, status: 'open', notices: [], nextCheckAt: Date.parse(reminder) });
      const late = evaluateSla(shipped, opened(t), Date.parse(escalation) + MIN);
      const kinds = late.notices.map((n) => n.kind).sort();
      expect(kinds).toEqual(status === 'breached' ? ['attempts-breach', 'escalation', 'first-touch-breach'] : ['escalation', 'first-touch-breach']);
      expect(late.notices.find((n) => n.kind === 'escalation')).toEqual({ kind: 'escalation', to: 'manager', at: Date.parse(escalation) });
      expect(late.status).toBe(status);
    });

    // "Today" (LEADLOOP_TEST_NOW, or the fixed default): relations that hold on any date.
    const today = testNow();
    it(`an MQL at ${today.iso}${today.isDefault ? ' (the default test date)' : ' (LEADLOOP_TEST_NOW)'}: due in working time, 24 working hours on; breached iff the attempts window closed`, () => {
      const t = today.instant;
      const cal = shipped.calendar;
      const start = evaluateSla(shipped, opened(t), t);
      expect(start.firstTouchDueAt).toBeGreaterThan(t);
      expect(endsInWorkingTime(start.firstTouchDueAt, cal)).toBe(true);
      expect(new Date(start.firstTouchDueAt).toISOString()).toBe(new Date(addWorkingHoursModel(t, 24, cal)).toISOString());
      expect(start.nextCheckAt).toBe(addWorkingHoursModel(t, 20, cal)); // the reminder, 4 working hours before
      expect(start.status).toBe('open');

      const escalation = addWorkingHoursModel(t, 32, cal);
      const later = escalation + MIN;
      const late = evaluateSla(shipped, opened(t), later);
      const kinds = late.notices.map((n) => n.kind);
      expect(kinds).toEqual(expect.arrayContaining(['first-touch-breach', 'escalation']));
      expect(kinds.includes('attempts-breach')).toBe(later >= t + 7 * 24 * H);
      expect(late.status).toBe(kinds.includes('attempts-breach') ? 'breached' : 'overdue');
      expect(late.notices.find((n) => n.kind === 'escalation')!.at).toBe(escalation);

      // Touched within the hour and twice more within the week: met, nothing to send, nothing more to check.
      const touches = [t + H, t + 2 * 24 * H, t + 4 * 24 * H];
      expect(evaluateSla(shipped, item({ openedAt: t, clockStartAt: t, firstTouchAt: touches[0]!, touches }), t + 5 * 24 * H)).toMatchObject({ status: 'met', notices: [], nextCheckAt: null });
    });
  });
});
