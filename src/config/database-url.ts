/** Where the store lives, from DATABASE_URL. Only what this build can open is accepted. */
export type DatabaseLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export const DATABASE_URL_FORMS =
  'postgres://USER:PASSWORD@HOST:PORT/DATABASE (several instances), sqlite:PATH (e.g. sqlite:./data/leadloop.sqlite), file:PATH, a bare file path, or sqlite::memory:';

/**
 * Parses DATABASE_URL, or says why not. A value with any other scheme (`mysql://…`) is refused rather than taken as
 * a file name: `mysql://x` used to create `./mysql:/x`. The reason names the scheme only, never the value: a
 * database URL may carry a password.
 */
export function parseDatabaseUrl(value: string): DatabaseLocation | { error: string } {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  // A one-letter "scheme" is a Windows drive (C:\data\leadloop.sqlite), a path.
  if (scheme === undefined || scheme.length === 1) return { kind: 'sqlite', file: value };
  if (scheme === 'sqlite' || scheme === 'file') {
    const file = value.slice(scheme.length + 1).replace(/^\/\//, '');
    return { kind: 'sqlite', file: file === '' ? ':memory:' : file };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    // An empty host is valid: `postgres:///leadloop?host=/run/postgresql` reaches a local socket.
    if (!URL.canParse(value)) return { error: 'not a valid postgres:// URL; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE' };
    return { kind: 'postgres', url: value };
  }
  return { error: `the scheme "${scheme}:" is not supported; expected ${DATABASE_URL_FORMS}` };
}
