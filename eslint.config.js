// One toolchain: TypeScript 6.0 + typescript-eslint 8 (which supports TypeScript < 6.1). See README "Toolchain".
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What the channel-neutral layers must never import: SDKs, the database driver, the web server, the cron library. */
const forbiddenInCore = [
  {
    group: ['@slack/*', 'botbuilder', 'botbuilder-*', 'botframework-*', '@microsoft/*'],
    message: 'core/coaching never import a channel SDK: put it in src/channels/.',
  },
  {
    group: ['mongoose', 'mongodb', 'mongodb-memory-server*'],
    message: 'core/coaching never import the database: use a port in src/core/ports.ts.',
  },
  { group: ['express', 'express/*', 'node:http', 'http'], message: 'core/coaching never import the web server.' },
  { group: ['node-cron'], message: 'core/coaching never import node-cron: the scheduler ticks, the domain plans.' },
  {
    group: ['**/channels/**', '**/store/**', '**/scheduler/**', '**/http/**'],
    message: 'core/coaching depend on ports, not on adapters.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test-output/**',
      '.data/**',
      'tools/mongo-server/.cache/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/coaching/**/*.ts', 'src/i18n/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: forbiddenInCore }] },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      // Never mock our own modules: fakes and a scripted client instead (docs/style.md #9).
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='vi'][callee.property.name=/^(mock|doMock)$/]",
          message: 'Do not vi.mock our modules: use a fake through a port.',
        },
      ],
    },
  },
);
