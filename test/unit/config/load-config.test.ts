import { ConfigError } from '../../../src/config/config-error';
import { loadConfig } from '../../../src/config/load-config';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBe('sqlite:./data/leadloop.sqlite');
    expect(c.hubspot.baseUrl).toBe('https://api.hubapi.com');
    expect(c.logLevel).toBe('info');
    expect(c.hubspot.clientSecrets).toEqual([]);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('lists every invalid variable in one error, each with its reason', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', HUBSPOT_BASE_URL: 'not a url', LOG_LEVEL: 'loud', LEADLOOP_ENCRYPTION_KEY: 'abc' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'HUBSPOT_BASE_URL', 'LOG_LEVEL', 'LEADLOOP_ENCRYPTION_KEY']) expect(problems).toContain(`${name}:`);
    expect(problems).toContain('leadloop keygen');
  });

  it('requires an encryption key once OAuth is configured', () => {
    expect(() => loadConfig({ HUBSPOT_CLIENT_ID: 'id', HUBSPOT_CLIENT_SECRET: 's' })).toThrow(/LEADLOOP_ENCRYPTION_KEY: required when HUBSPOT_CLIENT_ID/);
  });

  it('accepts a key as 64 hex characters or as base64 of 32 bytes, and decodes both', () => {
    const hex = 'ab'.repeat(32);
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ LEADLOOP_ENCRYPTION_KEY: hex }).encryptionKey).toEqual(Buffer.alloc(32, 0xab));
    expect(loadConfig({ LEADLOOP_ENCRYPTION_KEY: b64 }).encryptionKey).toEqual(Buffer.alloc(32, 7));
    expect(() => loadConfig({ LEADLOOP_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(ConfigError);
  });

  it('keeps the previous client secret for rotation and trims trailing slashes from URLs', () => {
    const c = loadConfig({ HUBSPOT_CLIENT_SECRET: 'new', HUBSPOT_CLIENT_SECRET_PREVIOUS: 'old', PUBLIC_URL: 'https://leads.example.com/', HUBSPOT_BASE_URL: 'http://127.0.0.1:3001/' });
    expect(c.hubspot.clientSecrets).toEqual(['new', 'old']);
    expect(c.publicUrl).toBe('https://leads.example.com');
    expect(c.hubspot.baseUrl).toBe('http://127.0.0.1:3001');
  });
});
