/**
 * The layering of src/, checked on every `npm test` (see docs/architecture.md).
 *
 * Layers, innermost first:
 *   domain       src/domain/           the deciders, RAG scales, limits, domain errors: pure TypeScript
 *   commands     src/commands/         the write side: the only code that appends to the log
 *   projections  src/projections/      the read side: one folder per question a report asks
 *   reports      src/reports/          the catalogue of reports and their renderers
 *   edges        src/api, cli, web, import   doors: they speak to the command and query buses
 *   adapters     src/event-store, audit, evidence, auth   storage and signing behind ports
 *   observability src/observability/  the request log and the Prometheus metrics, watching from outside
 *
 * Each rule says why in its comment; a broken rule fails the test command with that name and comment.
 */
const EDGES = '^src/(api|cli|web|import)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'The domain (deciders, scales, limits, errors) is pure TypeScript: it imports nothing outside src/domain/ and no package, so its rules can be read and tested alone (DESIGN §3).',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-imports-no-package',
      severity: 'error',
      comment: 'The domain uses no library, not even as a type: Nest, TypeORM and class-validator belong to the layers around it.',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'edges-do-not-touch-the-store',
      severity: 'error',
      comment:
        'HTTP, CLI, web pages and import speak to the command and query buses only; the event store is reached through the command side (writes) and the read side (reads), so there is one write path (DESIGN §3).',
      from: { path: EDGES },
      to: { path: '^src/event-store/' },
    },
    {
      name: 'projections-do-not-import-reports',
      severity: 'error',
      comment: 'Arrows run reports → projections: a read-side slice builds its rows; the catalogue and renderers in src/reports/ only name and lay them out.',
      from: { path: '^src/projections/' },
      to: { path: '^src/reports/' },
    },
    {
      name: 'projections-do-not-write',
      severity: 'error',
      comment: 'The read side folds the log into read models; it never issues commands or imports plans (that would be a second write path).',
      from: { path: '^src/projections/' },
      to: { path: ['^src/commands/', '^src/import/', '^src/(api|cli|web)/'] },
    },
    {
      name: 'commands-do-not-import-edges-or-reads',
      severity: 'error',
      comment: 'The write side decides on the log alone: it does not depend on the doors that call it, nor on read models that may lag behind the log.',
      from: { path: '^src/commands/' },
      to: { path: ['^src/(api|cli|web|import)/', '^src/projections/', '^src/reports/'] },
    },
    {
      name: 'reports-read-through-projections',
      severity: 'error',
      comment: 'A report is a projection of events rendered: it reads through the read side, never the store or the write side.',
      from: { path: '^src/reports/' },
      to: { path: ['^src/event-store/', '^src/commands/', '^src/(api|cli|web|import)/'] },
    },
    {
      name: 'oracle-shares-nothing-with-the-read-side',
      severity: 'error',
      comment:
        'The replay oracle checks the read side; if both used the same helper, a bug there would pass both. It may use the domain (the rules themselves) and the log, nothing from other projections or from reports.',
      from: { path: '^src/projections/replay/' },
      to: { path: ['^src/projections/(?!replay/)', '^src/reports/', '^src/code-unit-order\\.ts$'] },
    },
    {
      name: 'adapters-do-not-import-edges',
      severity: 'error',
      comment: 'Storage, signing and evidence files sit behind ports; they never reach up into the doors or the read side.',
      from: { path: '^src/(event-store|audit|evidence|auth)/' },
      to: { path: ['^src/(api|cli|web|import)/', '^src/reports/', '^src/commands/'] },
    },
    {
      name: 'observability-watches-from-outside',
      severity: 'error',
      comment:
        'Logs and metrics (src/observability/) read the projector, the checkpoint store and the command bus from outside: they never reach into the store or the write side, and the layers they watch do not know of them (only the composition roots and the doors mount them).',
      from: { path: '^src/observability/' },
      to: { path: ['^src/event-store/', '^src/commands/', '^src/(api|cli|web|import)/', '^src/reports/'] },
    },
    {
      name: 'the-watched-do-not-import-observability',
      severity: 'error',
      comment: 'The domain, the write side, the read side, the reports and the adapters work the same whether or not anyone measures them.',
      from: { path: '^src/(domain|commands|projections|reports|event-store|audit|evidence|auth)/' },
      to: { path: '^src/observability/' },
    },
    {
      name: 'storage-fault-imports-nothing',
      severity: 'error',
      comment:
        'A full or read-only disk is met by every adapter (SQLite files, evidence files) and mapped by every door, so src/storage-fault.ts sits beside the layers and any of them (not the domain) may import it; it imports nothing of ours, so it can never close a cycle or pull a layer in.',
      from: { path: '^src/storage-fault\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'witness-stands-alone',
      severity: 'error',
      comment:
        'The witness (src/witness/) runs on someone else\'s machine to hold our log to account: it shares only the C2SP primitives (src/audit/transparency/) and the Merkle proofs (src/audit/merkle.ts) with the server, so nothing of the app it checks can change what it accepts.',
      from: { path: '^src/witness/' },
      to: { path: '^src/', pathNot: ['^src/witness/', '^src/audit/transparency/', '^src/audit/merkle\\.ts$'] },
    },
    {
      name: 'the-app-does-not-import-the-witness',
      severity: 'error',
      comment: 'The server reaches witnesses over HTTP only (src/audit/transparency/witness-client.ts), as it would a witness run by a regulator.',
      from: { path: '^src/(?!witness/)' },
      to: { path: '^src/witness/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle means two modules cannot be understood or changed apart; break it by moving the shared piece inward.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'src/ runs in production, where devDependencies are not installed.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-spec',
      severity: 'error',
      comment: 'Production code never imports a test.',
      from: {},
      to: { path: '\\.spec\\.ts$' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing fails at run time.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-orphans',
      severity: 'warn',
      comment: 'A module nothing imports is dead code, or an entry point that should be listed here.',
      from: { orphan: true, pathNot: ['\\.d\\.ts$', '^src/main\\.ts$', '^src/cli/main\\.ts$', '^src/witness/main\\.ts$', '^src/audit/scan-worker\\.ts$', '^src/web/public/'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^(dist|node_modules)/', '^src/web/public/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
