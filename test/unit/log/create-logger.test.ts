import { memoryLogger } from '../../helpers/memory-logger';

describe('createLogger', () => {
  it('writes one JSON object a line and redacts secrets by key and by value', () => {
    const { logger, lines, text } = memoryLogger(['super-secret-value-123']);
    logger.info('token refreshed', {
      portalId: 62515,
      accessToken: 'pat-na1-abcdef',
      nested: { clientSecret: 'x', ok: 'kept' },
      note: 'the secret super-secret-value-123 leaked into text',
      header: 'Bearer abcdefghijklmnop',
    });
    logger.error('failed', { error: new Error('bad super-secret-value-123') });
    const [first, second] = lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({ level: 'info', message: 'token refreshed', portalId: 62515, accessToken: '[redacted]', nested: { clientSecret: '[redacted]', ok: 'kept' } });
    expect(second).toMatchObject({ level: 'error', error: { name: 'Error', message: 'bad [redacted]' } });
    expect(text()).not.toContain('super-secret-value-123');
    expect(text()).not.toContain('pat-na1-abcdef');
    expect(text()).not.toContain('abcdefghijklmnop');
  });

  it('keeps what is said about a secret (which signature version, when a token expires), never the secret', () => {
    const { logger, lines } = memoryLogger();
    logger.info('delivery', { signatureVersion: 'v3', signature: 'c2lnbmF0dXJlLXZhbHVl', tokenExpiresAt: 1_780_000_000_000, refreshToken: 'r-1234567890' });
    expect(JSON.parse(lines()[0]!)).toMatchObject({ signatureVersion: 'v3', signature: '[redacted]', tokenExpiresAt: 1_780_000_000_000, refreshToken: '[redacted]' });
  });
});
