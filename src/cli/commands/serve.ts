import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendChoice } from '../../engine/backend/selectBackend';
import { EngineProcess } from '../../hosts/engineProcess';
import { ENGINE_WORKER } from '../../hosts/engineWorkerEntry';
import { loadServeIdentity, saveServeIdentity } from '../../hosts/web/serveIdentity';
import { ensureRendererBuilt } from '../../hosts/web/rendererBuild';
import { startWebServer } from '../../hosts/web/webServer';
import { UsageError, type CommandSpec } from '../args';
import { backendFlag, dataDirFlag } from '../commonFlags';

export const serveSpec: CommandSpec = {
  positionals: [],
  flags: {
    port: { kind: 'integer', help: 'port on 127.0.0.1 (default: the port last used for this --out folder if free, else a free one)' },
    run: { kind: 'string', help: 'create and start this preset at once (e.g. evo/default, paper/regeneration)' },
    config: { kind: 'string', help: 'JSON file of config overrides for --run (e.g. {"population": 8})' },
    out: { kind: 'string', help: 'base folder for run directories, also what the app can open (default runs)' },
    'data-dir': dataDirFlag,
    backend: backendFlag,
  },
};

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));

function readOverrides(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`--config: cannot read JSON from ${path} (${(err as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`--config: ${path} must hold a JSON object of overrides`);
  return parsed as Record<string, unknown>;
}

function untilSignal(): Promise<string> {
  return new Promise((done) => {
    const stop = (signal: string) => done(signal);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** Serves the app to a browser until SIGINT/SIGTERM; the engine runs in a worker thread. */
export async function serveCommand(flags: Record<string, string | number | boolean>): Promise<void> {
  const requested = flags.port as number | undefined;
  const port = requested ?? 0;
  if (port < 0 || port > 65535) throw new UsageError(`--port: expected 0…65535, got ${port}`);
  if (flags.config !== undefined && flags.run === undefined) throw new UsageError('--config: applies to --run; give --run PRESET too');
  const overrides = flags.config !== undefined ? readOverrides(String(flags.config)) : {};
  const err = process.stderr;
  const rendererDir = await ensureRendererBuilt({ root: repositoryRoot, log: (line) => err.write(`${line}\n`) });

  const outDir = resolve(String(flags.out ?? 'runs'));
  const engine = new EngineProcess(ENGINE_WORKER, {
    outDir,
    dataDir: flags['data-dir'] !== undefined ? resolve(String(flags['data-dir'])) : undefined,
    backend: flags.backend as BackendChoice | undefined,
  });
  engine.onEvent(({ event }) => {
    if (event.type === 'log') err.write(`quinarium: ${event.message}\n`);
    else if (event.type === 'status' && event.state === 'error') err.write(`quinarium: session error: ${event.message ?? ''}\n`);
  });

  try {
    if (flags.run !== undefined) {
      const created = await engine.request({ id: 1, method: 'create', params: { preset: String(flags.run), overrides } });
      if (!created.ok) throw new UsageError(`--run: ${created.error}`);
      const started = await engine.request({ id: 2, method: 'start' });
      if (!started.ok) throw new UsageError(`--run: ${started.error}`);
      err.write(`quinarium: running ${flags.run} in ${(created.result as { runDir: string }).runDir}\n`);
    }
    // Same folder, same URL: a page left open reconnects to a restarted server (the token and, unless --port says otherwise, the port).
    const identity = loadServeIdentity(outDir);
    const listen = (p: number) => startWebServer({ engine, rendererDir, token: identity.token, port: p });
    let server;
    if (requested === undefined && identity.port !== null) {
      try {
        server = await listen(identity.port);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
        err.write(`quinarium: port ${identity.port} (last used for ${outDir}) is busy; serving on a new port, so pages open on the old URL cannot reconnect\n`);
        server = await listen(0);
      }
    } else {
      server = await listen(port);
    }
    saveServeIdentity(outDir, { token: identity.token, port: server.port });
    process.stdout.write(`quinarium: serving on ${server.url}\n`);
    err.write('quinarium: open that URL in a browser (it holds the access token); Ctrl+C stops the server\n');
    const signal = await untilSignal();
    err.write(`quinarium: ${signal}: stopping\n`);
    await server.close();
  } finally {
    await engine.close();
  }
}
