import { ConfigError } from '../engine/config/errors';
import { DataFileError } from '../engine/data/idx';
import { CheckpointError } from '../engine/store/errors';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from './args';
import { inspectCommand, inspectSpec } from './commands/inspect';
import { runCommand, runSpec } from './commands/run';
import { scenariosCommand } from './commands/scenarios';
import { serveCommand, serveSpec } from './commands/serve';
import { evolveCommand, evolveSpec, resumeCommand, resumeSpec } from './commands/evolve';
import { exportCommand, exportSpec } from './commands/export';
import { benchCommand, benchSpec } from './commands/bench';
import { figuresCommand, figuresSpec } from './commands/figures';
import { probeCommand, probeSpec } from './commands/probe';

interface Command { spec: CommandSpec; summary: string; run(pos: Record<string, string>, flags: Record<string, string | number | boolean>): Promise<unknown> }

const commands: Record<string, Command> = {
  scenarios: {
    spec: { positionals: [], flags: { json: { kind: 'boolean', help: 'print as JSON' } } },
    summary: 'list the presets: paper scenarios (run) and evolution presets (evolve)',
    run: async (_p, f) => scenariosCommand(Boolean(f.json)),
  },
  run: { spec: runSpec, summary: 'run a paper scenario and write its run directory', run: (p, f) => runCommand(p.scenario, f) },
  inspect: { spec: inspectSpec, summary: 'recompute the metrics of a saved quine', run: (p, f) => inspectCommand(p.checkpoint, f) },
  probe: { spec: probeSpec, summary: 'probe a saved quine: radial gain, spectra of J, replication half-life', run: (p, f) => probeCommand(p.checkpoint, f) },
  evolve: { spec: evolveSpec, summary: 'evolve a population of auxiliary quines', run: (_p, f) => evolveCommand(f) },
  resume: { spec: resumeSpec, summary: 'continue an evolution or paper run from its last checkpoint (also after kill -9)', run: (p, f) => resumeCommand(p.runDir, f) },
  figures: { spec: figuresSpec, summary: 'redraw the figures of a run directory from its logs and checkpoints', run: (p, f) => figuresCommand(p.runDir, f) },
  bench: { spec: benchSpec, summary: 'benchmark the engine and evolution (prints JSON)', run: (_p, f) => benchCommand(f) },
  export: { spec: exportSpec, summary: 'export an evolution lineage (ALife CSV, Newick, JSONL)', run: (p, f) => exportCommand(p.runDir, f) },
  serve: { spec: serveSpec, summary: 'serve the app to a browser on 127.0.0.1 (prints the URL with its token)', run: (_p, f) => serveCommand(f) },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return ['Usage: quinarium <command> [options]', '', 'Commands:', ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`), '', 'quinarium <command> --help for its options'].join('\n');
}

/** Errors a user can fix get one clear line; anything else is a bug and keeps its stack. */
function isUserError(e: unknown): boolean {
  return e instanceof UsageError || e instanceof ConfigError || e instanceof DataFileError || e instanceof CheckpointError
    || (e instanceof Error && /^(unknown scenario|config\.|backend:)/.test(e.message));
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help') {
    console.log(usage());
    return name ? 0 : 1;
  }
  const command = commands[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}"\n${usage()}`);
    const args = parseArgs(rest, command.spec);
    if (args.help) {
      console.log(formatHelp(`quinarium ${name}`, command.spec, command.summary));
      return 0;
    }
    await command.run(args.positionals, args.flags);
    return 0;
  } catch (e) {
    if (isUserError(e)) {
      console.error(`quinarium ${name ?? ''}: ${(e as Error).message}`);
      return 2;
    }
    throw e;
  }
}
