import { ruleFor } from '../../../src/http/access-policy';
import { createSessions, SESSION_TTL_MS } from '../../../src/http/sessions';
import { createSignInLimiter } from '../../../src/http/sign-in-limiter';

/** The pieces behind /login and the report's guard, on a clock the test moves (no wall clock). */
describe('sign-in limiter: a sliding window of failures per client', () => {
  it('refuses after max failures until the oldest leaves the window, per client', () => {
    let t = 1_000_000;
    const limiter = createSignInLimiter({ max: 3, windowMs: 60_000, now: () => t });
    limiter.fail('a');
    t += 10_000;
    limiter.fail('a');
    limiter.fail('a');
    expect(limiter.retryAfterSeconds('a')).toBe(50);
    expect(limiter.retryAfterSeconds('b')).toBeNull();
    t += 50_000;
    expect(limiter.retryAfterSeconds('a')).toBeNull(); // the first failure left the window
    limiter.fail('a');
    expect(limiter.retryAfterSeconds('a')).toBe(10);
    limiter.succeed('a');
    expect(limiter.retryAfterSeconds('a')).toBeNull();
  });

  it('remembers a bounded number of clients', () => {
    const limiter = createSignInLimiter({ max: 1, maxClients: 2, now: () => 0 });
    for (const c of ['a', 'b', 'c']) limiter.fail(c);
    expect(limiter.retryAfterSeconds('a')).toBeNull();
    expect(limiter.retryAfterSeconds('c')).not.toBeNull();
  });
});

describe('sessions: signed, expiring, keyed by the admin token', () => {
  it('reads back what it issued until it expires; refuses another key, a changed payload, garbage', () => {
    let t = 5_000;
    const sessions = createSessions('admin-token-one', () => t);
    const { value } = sessions.issue({ kind: 'portal', portalId: 42 });
    expect(sessions.read(value)).toEqual({ kind: 'portal', portalId: 42 });
    expect(createSessions('admin-token-two', () => t).read(value)).toBeNull();
    const [payload, mac] = value.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), portalId: 43 })).toString('base64url');
    expect(sessions.read(`${forged}.${mac}`)).toBeNull();
    expect(sessions.read('nonsense')).toBeNull();
    expect(sessions.read(undefined)).toBeNull();
    t += SESSION_TTL_MS;
    expect(sessions.read(value)).toBeNull();
  });
});

describe('the access policy table', () => {
  it.each([
    ['GET', '/healthz', 'public', false],
    ['GET', '/readyz', 'public', false],
    ['POST', '/webhooks/hubspot', 'hubspot-signature', undefined],
    ['GET', '/oauth/callback', 'oauth-state', undefined],
    ['GET', '/metrics', 'metrics', undefined],
    ['HEAD', '/api/report', 'reader', undefined],
    ['GET', '/api/report.csv', 'reader', undefined],
    ['GET', '/', 'reader', undefined],
    ['GET', '/style.css', 'reader', undefined],
    ['POST', '/api/report', 'reader', undefined],
    ['DELETE', '/anything', 'reader', undefined],
  ])('%s %s → %s', (method, path, who, hostCheck) => {
    const rule = ruleFor(method, path);
    expect(rule.who).toBe(who);
    expect(rule.hostCheck).toBe(hostCheck);
  });
});
