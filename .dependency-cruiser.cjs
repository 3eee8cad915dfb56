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

/** A layer: the files of `src/<folder>/` may import, of our own code, only what `allowed` matches. */
const layer = (name, folder, allowed, extra = {}) => ({
  name,
  severity: 'error',
  ...extra,
  from: { path: `^src/${folder}/` },
  to: { path: '^src/', pathNot: allowed },
});

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'An import cycle: two modules that need each other belong together, or one needs a port.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    layer('core-imports-nothing-of-ours', 'core', src('core|i18n'), {
      comment: 'The engine speaks through the catalogues (its last-resort apology); nothing else.',
    }),
    layer('security-is-a-leaf', 'security', src('core|security')),
    layer('i18n-is-data', 'i18n', src('core|i18n')),
    layer('coaching-depends-on-ports', 'coaching', src('core|i18n|coaching'), {
      comment: 'The domain never imports an adapter, the scheduler or the composition root.',
    }),
    layer('scheduler-only-delivers', 'scheduler', src('core|scheduler'), {
      comment: 'The scheduler knows delivery mechanics only and reaches coaching through its own port (issue 16).',
    }),
    layer('store-implements-ports', 'store', [
      src('core|store|i18n|security'),
      '^src/coaching/(model|ports)[.]ts$',
      '^src/coaching/.*[.]model[.]ts$',
      '^src/scheduler/ports[.]ts$',
      '^src/channels/[^/]+/ports[.]ts$',
      '^src/channels/ports[.]ts$',
    ]),
    layer(
      'channels-only-translate',
      'channels',
      [src('core|i18n|channels|http'), '^src/coaching/(model|ports)[.]ts$', '^src/config[.]ts$'],
      { comment: 'Adapters translate transport: no store, no scheduler, no coaching internals (docs/style.md #1).' },
    ),
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
