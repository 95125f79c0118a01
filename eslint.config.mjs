// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
  {
    // One module is the only importer of each outside library.
    files: ['src/**/*.ts'],
    ignores: ['src/crm/hubspot/**', 'src/store/**', 'src/log/**', 'src/http/metrics.ts', 'src/cli/**', 'src/jobs/**', 'src/http/**', 'src/sandbox/**', 'src/notify/email-notifier.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@hubspot/api-client', message: 'only src/crm/hubspot imports @hubspot/api-client' },
            { name: 'better-sqlite3', message: 'only src/store imports better-sqlite3' },
            { name: 'kysely', message: 'only src/store imports kysely' },
            { name: 'winston', message: 'only src/log imports winston' },
            { name: 'express', message: 'only src/http imports express' },
            { name: 'node-cron', message: 'only src/jobs imports node-cron' },
            { name: 'commander', message: 'only src/cli imports commander' },
            { name: 'nodemailer', message: 'only src/notify/email-notifier.ts imports nodemailer' },
          ],
        },
      ],
    },
  },
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
            { group: ['express', 'kysely', 'better-sqlite3', 'winston', '@hubspot/*', 'node-cron', 'prom-client', 'commander'], message: 'src/domain imports no vendor library' },
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
