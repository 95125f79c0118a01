import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from '../../../src/config/config-error';
import { parseDatabaseUrl } from '../../../src/config/database-url';
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

describe('loadConfig: a first run with no surprises', () => {
  const problemsOf = (env: NodeJS.ProcessEnv): string => {
    try {
      loadConfig(env);
    } catch (e) {
      if (e instanceof ConfigError) return e.problems.join('\n');
      throw e;
    }
    return '';
  };

  it('takes .env.example as it is: an empty variable means unset, so its default applies', () => {
    const example = parseEnv(fs.readFileSync(path.resolve(__dirname, '../../../.env.example'), 'utf8'));
    expect(example.HUBSPOT_APP_ID).toBe('');
    expect(example.PUBLIC_URL).toBe('');
    const c = loadConfig(example);
    expect(c.hubspot.appId).toBeUndefined();
    expect(c.publicUrl).toBeUndefined();
    expect(c.hubspot.clientSecrets).toEqual([]);
    expect(loadConfig({ PORT: '  ' }).port).toBe(3000);
  });

  it('echoes the value it refuses, naming the variable', () => {
    expect(problemsOf({ PORT: 'abc' })).toBe('PORT: expected a port number (got "abc")');
    expect(problemsOf({ PORT: '70000' })).toBe('PORT: expected a port from 0 to 65535 (got "70000")');
    expect(problemsOf({ SANDBOX_PORT: '3.5' })).toBe('SANDBOX_PORT: expected a whole port number (got "3.5")');
  });

  it('never echoes a secret, even a malformed one', () => {
    const problems = problemsOf({ LEADLOOP_ENCRYPTION_KEY: 'hunter2-not-a-key' });
    expect(problems).toMatch(/^LEADLOOP_ENCRYPTION_KEY: expected 32 random bytes/);
    expect(problems).not.toContain('hunter2');
  });

  it('keeps the default database inside LEADLOOP_DATA_DIR, so a second data directory is a second database', () => {
    expect(loadConfig({ LEADLOOP_DATA_DIR: '/srv/leadloop-2/' }).databaseUrl).toBe('sqlite:/srv/leadloop-2/leadloop.sqlite');
    expect(loadConfig({ LEADLOOP_DATA_DIR: '/srv/leadloop-2', DATABASE_URL: 'sqlite:/elsewhere.sqlite' }).databaseUrl).toBe('sqlite:/elsewhere.sqlite');
  });

  it.each([
    ['sqlite:./data/leadloop.sqlite', './data/leadloop.sqlite'],
    ['sqlite:///var/lib/leadloop.sqlite', '/var/lib/leadloop.sqlite'],
    ['file:leadloop.sqlite', 'leadloop.sqlite'],
    ['./leadloop.sqlite', './leadloop.sqlite'],
    ['sqlite::memory:', ':memory:'],
  ])('accepts DATABASE_URL=%s (SQLite file %s)', (url, file) => {
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(parseDatabaseUrl(url)).toEqual({ kind: 'sqlite', file });
  });

  it('refuses a DATABASE_URL it cannot open, naming the scheme and the accepted forms, never the password', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://root:s3cret-pw@x' })).toBe(
      'DATABASE_URL: the scheme "mysql:" is not supported; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE (several instances), sqlite:PATH (e.g. sqlite:./data/leadloop.sqlite), file:PATH, a bare file path, or sqlite::memory:',
    );
    const pg = problemsOf({ DATABASE_URL: 'postgres://leadloop:s3cret-pw@[db/leadloop' });
    expect(pg).toBe('DATABASE_URL: not a valid postgres:// URL; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE');
    expect(pg).not.toContain('s3cret-pw');
  });

  it.each(['postgres://leadloop:pw@db.example:5432/leadloop', 'postgresql://db.example/leadloop'])('accepts DATABASE_URL=%s (PostgreSQL)', (url) => {
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(parseDatabaseUrl(url)).toEqual({ kind: 'postgres', url });
  });

  it('LEADLOOP_ROLE web or worker needs PostgreSQL; all is the default and the only role on SQLite', () => {
    expect(loadConfig({}).env.LEADLOOP_ROLE).toBe('all');
    expect(problemsOf({ LEADLOOP_ROLE: 'web' })).toBe('LEADLOOP_ROLE: "web" needs PostgreSQL (DATABASE_URL=postgres://…); SQLite serves one process, whose role is "all"');
    expect(problemsOf({ LEADLOOP_ROLE: 'boss' })).toMatch(/^LEADLOOP_ROLE: expected web, worker or all/);
    expect(loadConfig({ LEADLOOP_ROLE: 'worker', DATABASE_URL: 'postgres://db.example/leadloop' }).env.LEADLOOP_ROLE).toBe('worker');
    // A worker's niceness: 10 unless told, 0–19 (what setpriority accepts without privileges, upwards).
    expect(loadConfig({}).env.LEADLOOP_WORKER_NICE).toBe(10);
    expect(loadConfig({ LEADLOOP_WORKER_NICE: '0' }).env.LEADLOOP_WORKER_NICE).toBe(0);
    expect(problemsOf({ LEADLOOP_WORKER_NICE: '20' })).toBe('LEADLOOP_WORKER_NICE: expected a niceness from 0 to 19 (got "20")');
    expect(problemsOf({ LEADLOOP_WORKER_NICE: 'low' })).toMatch(/^LEADLOOP_WORKER_NICE: expected a niceness from 0 to 19/);
  });
});
