import { ConfigError } from '../engine/config/errors';
import { DataFileError } from '../engine/data/idx';
import { CheckpointError } from '../engine/store/errors';
import { DistributedError } from '../engine/distributed/distributedError';
import { workerCommand, workerSpec } from './commands/worker';
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
import { describeCliError } from './errorMessage';
import { RunDivergedError } from './runOutcome';

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
  worker: { spec: workerSpec, summary: 'compute jobs from a BullMQ queue on Redis for `evolve --redis` (one per machine)', run: (_p, f) => workerCommand(f) },
  serve: { spec: serveSpec, summary: 'serve the app to a browser on 127.0.0.1 (prints the URL with its token)', run: (_p, f) => serveCommand(f) },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return ['Usage: quinarium <command> [options]', '', 'Commands:', ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`), '', 'quinarium <command> --help for its options; --debug (any command) prints the stack of an unexpected error'].join('\n');
}

/**
 * Exit statuses: 2 for input the user can fix (flags, configs, data files), 3 for a run
 * that ended diverged (its directory complete, its result none), 1 for anything else that failed.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, diverged: 3 } as const;

/** `--debug` is understood by every command: taken out before the command's own flags are parsed. */
function takeDebugFlag(argv: string[]): { argv: string[]; debug: boolean } {
  const end = argv.indexOf('--');
  const flags = end < 0 ? argv : argv.slice(0, end);
  const rest = end < 0 ? [] : argv.slice(end);
  return { argv: [...flags.filter((a) => a !== '--debug'), ...rest], debug: flags.includes('--debug') };
}

/**
 * While a one-shot command runs, an error that escapes every promise chain ends the
 * process in one line (status 1), like any other unexpected error; `serve` installs
 * its own keep-running policy instead.
 */
function failFastOnStrayErrors(name: string, debug: boolean): () => void {
  const onError = (thrown: unknown) => {
    process.stderr.write(`quinarium ${name}: ${describeCliError(thrown)}${debug && thrown instanceof Error && thrown.stack ? `\n${thrown.stack}` : ''}\n`);
    process.exit(EXIT.failed);
  };
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return () => {
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
  };
}

/** Errors a user can fix get one clear line; anything else is a bug and keeps its stack. */
function isUserError(e: unknown): boolean {
  return e instanceof UsageError || e instanceof ConfigError || e instanceof DataFileError || e instanceof CheckpointError || e instanceof DistributedError
    || (e instanceof Error && /^(unknown scenario|config\.|backend:)/.test(e.message));
}

/**
 * The CLI: runs one command and returns its exit status. Never throws: every error
 * becomes one line on stderr naming the problem (with --debug, the stack after it).
 */
export async function main(rawArgv: string[]): Promise<number> {
  const { argv, debug } = takeDebugFlag(rawArgv);
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help') {
    console.log(usage());
    return name ? EXIT.ok : EXIT.failed;
  }
  const command = commands[name];
  const restore = name === 'serve' ? () => {} : failFastOnStrayErrors(name, debug);
  try {
    if (!command) throw new UsageError(`unknown command "${name}"\n${usage()}`);
    const args = parseArgs(rest, command.spec);
    if (args.help) {
      console.log(formatHelp(`quinarium ${name}`, command.spec, command.summary));
      return EXIT.ok;
    }
    await command.run(args.positionals, args.flags);
    return EXIT.ok;
  } catch (e) {
    const stack = debug && e instanceof Error && e.stack ? `\n${e.stack}` : '';
    if (isUserError(e)) {
      console.error(`quinarium ${name}: ${(e as Error).message}${stack}`);
      return EXIT.usage;
    }
    if (e instanceof RunDivergedError) {
      console.error(`quinarium ${name}: ${e.message}`);
      return EXIT.diverged;
    }
    console.error(`quinarium ${name}: ${describeCliError(e)}${stack || ' (--debug shows where)'}`);
    return EXIT.failed;
  } finally {
    restore();
  }
}
