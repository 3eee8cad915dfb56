// One toolchain: TypeScript 6.0 + typescript-eslint 8 (which supports TypeScript < 6.1). See README "Toolchain".
// Layers and import cycles are checked by dependency-cruiser (.dependency-cruiser.cjs), formatting by Prettier;
// `npm run lint` runs all three.
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
    message:
      'core/coaching never import the database: depend on a port (src/coaching/ports.ts) and implement it in src/store/.',
  },
  { group: ['express', 'express/*', 'node:http', 'http'], message: 'core/coaching never import the web server.' },
  { group: ['node-cron'], message: 'core/coaching never import node-cron: the scheduler ticks, the domain plans.' },
  {
    group: ['**/channels/**', '**/store/**', '**/scheduler/**', '**/http/**'],
    message: 'core/coaching depend on ports, not on adapters.',
  },
];

/** Size limits that keep every file reviewable (docs/style.md #10). The i18n catalogues are lists, not logic. */
const sizeRules = {
  'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }],
  'max-lines-per-function': ['error', { max: 60, skipBlankLines: false, skipComments: false, IIFEs: true }],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test-output/**',
      '.data/**',
      'tools/mongo-server/.cache/**',
      'tests/fixtures/lint/**',
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
    // Type-aware rules (docs/style.md #3, #14): a switch over a union names every member (or has a default), and
    // no promise is left floating.
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        // Probe files of tests/unit/lint.*.test.ts exist only in memory: they get the default project.
        projectService: { allowDefaultProject: ['src/*/lint-probe.ts', 'tests/lint-probe/*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      ...sizeRules,
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "TSAsExpression[expression.type='TSAsExpression'][expression.typeAnnotation.type='TSUnknownKeyword']",
          message: 'No `as unknown as`: parse the value with its zod schema or give it a real type.',
        },
      ],
    },
  },
  { files: ['src/i18n/en.ts', 'src/i18n/nl.ts'], rules: { 'max-lines': 'off' } },
  {
    files: ['src/core/**/*.ts', 'src/coaching/**/*.ts', 'src/i18n/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: forbiddenInCore }] },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
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
