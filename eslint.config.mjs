// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Each outside library and the one module (or adapter folder) that may import it. Exemptions are scoped to that
 * owner: a file in src/http may import express, but helmet only in security-headers.ts.
 */
const OWNERS = [
  { names: ['@hubspot/api-client'], owner: 'src/crm/hubspot/**' },
  { names: ['better-sqlite3', 'kysely'], owner: 'src/store/**' },
  { names: ['pg'], owner: 'src/store/open-postgres.ts' },
  { names: ['winston'], owner: 'src/log/**' },
  { names: ['express'], owner: 'src/http/**', also: ['src/sandbox/**'] },
  { names: ['node-cron'], owner: 'src/jobs/**' },
  { names: ['commander'], owner: 'src/cli/**' },
  { names: ['nodemailer'], owner: 'src/notify/email-notifier.ts', also: ['src/notify/review-mailer.ts'] },
  { names: ['prom-client'], owner: 'src/http/metrics.ts' },
  { names: ['helmet'], owner: 'src/http/security-headers.ts' },
  { names: ['express-rate-limit'], owner: 'src/http/sign-in-limiter.ts' },
  { names: ['csv-stringify', 'csv-stringify/sync'], owner: 'src/report/report-csv.ts' },
  { names: ['csv-parse', 'csv-parse/sync'], owner: 'src/config/parse-csv.ts' },
  // The contact card runs inside HubSpot (React, bundled by HubSpot), never in leadloop's server.
  { names: ['@hubspot/ui-extensions', 'react'], owner: 'src/card/**' },
  // Test-only: never in src.
  { names: ['nock'], owner: 'test/**' },
];

/** Whether glob `g` (a file, or a folder ending in /**) covers glob `h`. */
const covers = (g, h) => g === h || (g.endsWith('/**') && h.startsWith(g.slice(0, -2)));

/**
 * Flat config does not merge a rule's options across blocks (the last block wins), so each owner gets a block
 * that forbids every library except those its glob is covered by; blocks go broad to specific.
 */
function oneImporterPerLibrary() {
  const restricted = (allowed) =>
    OWNERS.filter((o) => !allowed.includes(o)).flatMap((o) => o.names.map((name) => ({ name, message: `only ${[o.owner, ...(o.also ?? [])].join(', ')} imports ${o.names[0]}` })));
  // Folders first, then single files, whose block overrides their folder's.
  const globs = [...new Set(OWNERS.flatMap((o) => [o.owner, ...(o.also ?? [])]))].filter((g) => g.startsWith('src/')).sort((x, y) => Number(!x.endsWith('/**')) - Number(!y.endsWith('/**')));
  return [
    { files: ['src/**/*.ts', 'src/**/*.tsx'], rules: { 'no-restricted-imports': ['error', { paths: restricted([]) }] } },
    ...globs.map((g) => ({
      files: g.endsWith('/**') ? [`${g}/*.ts`, `${g}/*.tsx`] : [g],
      rules: { 'no-restricted-imports': ['error', { paths: restricted(OWNERS.filter((o) => [o.owner, ...(o.also ?? [])].some((owner) => covers(owner, g)))) }] },
    })),
  ];
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', 'test-artifacts/', 'src/dashboard/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  ...oneImporterPerLibrary(),
  {
    // The domain is pure: no adapters, no vendor libraries, no I/O.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../*', '!../domain', '!../domain/*'], message: 'src/domain imports nothing outside src/domain' },
            { group: ['node:*', 'fs', 'http', 'https', 'net', 'child_process'], message: 'src/domain does no I/O' },
            { group: ['express', 'express-rate-limit', 'helmet', 'csv-stringify', 'csv-stringify/*', 'csv-parse', 'csv-parse/*', 'nodemailer', 'nock', 'kysely', 'better-sqlite3', 'pg', 'winston', '@hubspot/*', 'node-cron', 'prom-client', 'commander'], message: 'src/domain imports no vendor library' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The dashboard runs in the browser; Chart.js is loaded by a script tag from leadloop itself.
    files: ['src/dashboard/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, Chart: 'readonly' } },
  },
);
