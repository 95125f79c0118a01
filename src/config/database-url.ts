/** Where the store lives, from DATABASE_URL. Only what this build can open is accepted. */
export type DatabaseLocation = { kind: 'sqlite'; file: string };

export const DATABASE_URL_FORMS = 'sqlite:PATH (e.g. sqlite:./data/leadloop.sqlite), file:PATH, a bare file path, or sqlite::memory:';

/**
 * Parses DATABASE_URL, or says why not. A value with any other scheme (`mysql://…`, and `postgres://…` until the
 * PostgreSQL store exists) is refused rather than taken as a file name: `mysql://x` used to create `./mysql:/x`.
 * The reason names the scheme only, never the value: a database URL may carry a password.
 */
export function parseDatabaseUrl(value: string): DatabaseLocation | { error: string } {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  // A one-letter "scheme" is a Windows drive (C:\data\leadloop.sqlite), a path.
  if (scheme === undefined || scheme.length === 1) return { kind: 'sqlite', file: value };
  if (scheme === 'sqlite' || scheme === 'file') {
    const file = value.slice(scheme.length + 1).replace(/^\/\//, '');
    return { kind: 'sqlite', file: file === '' ? ':memory:' : file };
  }
  const hint = /^postgres(ql)?$/.test(scheme) ? ' (PostgreSQL is not supported by this version yet)' : '';
  return { error: `the scheme "${scheme}:" is not supported${hint}; expected ${DATABASE_URL_FORMS}` };
}
