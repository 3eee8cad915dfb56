/**
 * Layers and cycles, checked on every `npm run lint` (docs/style.md #2, #14; tested in tests/unit/lint.layers.test.ts).
 *
 *   core        the engine, events, replies, ports, local time: imports nothing of ours but the catalogues
 *   i18n        catalogues: core only
 *   security    encryption at rest (key ring, field cipher): core only
 *   coaching    the domain (flows, notices, digest, agreements): core, i18n
 *   scheduler   delivery mechanics only (outbox port, claims, windows, quota, cron): core only
 *   store       MongoDB adapters implementing the ports: core, security, coaching's model and ports, the scheduler's ports
 *   channels    Slack, Teams, web chat: core, i18n, coaching's model and ports, their own ports; never the store
 *   http, admin, app.ts, runtime.ts, main.ts   composition: may use everything, nobody imports main/runtime
 */
const src = (folders) => `^src/(${folders})/`;

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'An import cycle: two modules that need each other belong together, or one needs a port.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-imports-nothing-of-ours',
      severity: 'error',
      comment: 'The engine speaks through the catalogues (its last-resort apology); nothing else.',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: src('core|i18n') },
    },
    {
      name: 'security-is-a-leaf',
      severity: 'error',
      from: { path: '^src/security/' },
      to: { path: '^src/', pathNot: src('core|security') },
    },
    {
      name: 'i18n-is-data',
      severity: 'error',
      from: { path: '^src/i18n/' },
      to: { path: '^src/', pathNot: src('core|i18n') },
    },
    {
      name: 'coaching-depends-on-ports',
      severity: 'error',
      comment: 'The domain never imports an adapter, the scheduler or the composition root.',
      from: { path: '^src/coaching/' },
      to: { path: '^src/', pathNot: src('core|i18n|coaching') },
    },
    {
      name: 'scheduler-only-delivers',
      severity: 'error',
      comment: 'The scheduler knows delivery mechanics only and reaches coaching through its own port (issue 16).',
      from: { path: '^src/scheduler/' },
      to: { path: '^src/', pathNot: src('core|scheduler') },
    },
    {
      name: 'store-implements-ports',
      severity: 'error',
      from: { path: '^src/store/' },
      to: {
        path: '^src/',
        pathNot: [
          '^src/(core|store|i18n|security)/',
          '^src/coaching/(model|ports)[.]ts$',
          '^src/coaching/.*[.]model[.]ts$',
          '^src/scheduler/ports[.]ts$',
          '^src/channels/[^/]+/ports[.]ts$',
          '^src/channels/ports[.]ts$',
        ],
      },
    },
    {
      name: 'channels-only-translate',
      severity: 'error',
      comment: 'Adapters translate transport: no store, no scheduler, no coaching internals (docs/style.md #1).',
      from: { path: '^src/channels/' },
      to: {
        path: '^src/',
        pathNot: ['^src/(core|i18n|channels|http)/', '^src/coaching/(model|ports)[.]ts$', '^src/config[.]ts$'],
      },
    },
    {
      name: 'nobody-imports-the-composition-root',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main[.]ts$' },
      to: { path: '^src/(main|runtime)[.]ts$' },
    },
    {
      name: 'production-code-uses-production-dependencies',
      severity: 'error',
      comment: 'The image installs production dependencies only: src must not import a devDependency.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'resolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|test-output|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
