/**
 * The layers, enforced in CI (`npm run lint`):
 *   protocol, shared  ←  engine  ←  report  ←  hosts, cli
 *   protocol, shared  ←  renderer
 * An arrow points from what is imported to what imports it; nothing imports
 * against the arrows, and no module takes part in an import cycle.
 */
const SRC = '^src/';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'an import cycle', from: {}, to: { circular: true } },
    { name: 'shared-is-pure', severity: 'error', comment: 'src/shared holds pure maths for report and renderer: no other layer, no node: built-ins',
      from: { path: '^src/shared/' }, to: { pathNot: '^src/shared/' } },
    { name: 'protocol-is-leaf', severity: 'error', comment: 'src/protocol holds the wire types: it imports only protocol and shared, never engine internals',
      from: { path: '^src/protocol/' }, to: { pathNot: ['^src/protocol/', '^src/shared/'] } },
    { name: 'engine-knows-no-host', severity: 'error', comment: 'the engine is driven by hosts and never imports report, hosts, cli, renderer or bench',
      from: { path: '^src/engine/' }, to: { path: ['^src/(report|hosts|cli)/', '^renderer/', '^bench/', '^test/'] } },
    { name: 'report-below-hosts', severity: 'error', comment: 'report draws from run directories; hosts and the CLI call it, not the other way',
      from: { path: '^src/report/' }, to: { path: ['^src/(hosts|cli)/', '^renderer/', '^bench/', '^test/'] } },
    { name: 'hosts-not-cli', severity: 'error', comment: 'the CLI may start a host; a host never imports the CLI',
      from: { path: '^src/hosts/' }, to: { path: ['^src/cli/', '^bench/', '^test/'] } },
    { name: 'cli-not-bench-or-test', severity: 'error', comment: 'shipped code never imports bench/ or test/',
      from: { path: SRC }, to: { path: ['^bench/', '^test/'] } },
    { name: 'renderer-web-only', severity: 'error', comment: 'the renderer runs in a page: it imports only renderer, src/protocol and src/shared (and no node: built-ins)',
      from: { path: '^renderer/src/' }, to: { path: SRC, pathNot: ['^src/protocol/', '^src/shared/'] } },
    { name: 'web-layers-no-node', severity: 'error', comment: 'renderer, protocol and shared run in a browser too: no node: built-ins',
      from: { path: ['^renderer/src/', '^src/protocol/', '^src/shared/'] }, to: { dependencyTypes: ['core'] } },
    { name: 'session-is-generic', severity: 'error', comment: 'the session API drives any stepped run: it knows neither evolution nor paper runs',
      from: { path: '^src/engine/session/' }, to: { path: '^src/engine/(evolve|runs)/' } },
    { name: 'pipelines-do-not-cross', severity: 'error', comment: 'evolution and paper runs share engine pieces (train, metrics, threads, store), never each other',
      from: { path: '^src/engine/evolve/' }, to: { path: '^src/engine/runs/' } },
    { name: 'inspect-below-app', severity: 'error', comment: 'renderer app composes the inspector; the inspector never imports app',
      from: { path: '^renderer/src/inspect/' }, to: { path: '^renderer/src/app/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '^out/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};
