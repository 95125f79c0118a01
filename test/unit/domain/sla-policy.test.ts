import { evaluateSla, withTouch, type SlaItem, type SlaTerms } from '../../../src/domain/sla-policy';

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
});
