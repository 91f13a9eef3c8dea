import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendChoice } from '../../engine/backend/selectBackend';
import { readConfigObject } from '../../engine/config/validate';
import { EngineProcess } from '../../hosts/engineProcess';
import { ENGINE_WORKER } from '../../hosts/engineWorkerEntry';
import { keepRunningOnErrors } from '../../hosts/processPolicy';
import { loadServeIdentity, saveServeIdentity } from '../../hosts/web/serveIdentity';
import { ensureRendererBuilt } from '../../hosts/web/rendererBuild';
import { startWebServer } from '../../hosts/web/webServer';
import { UsageError, type CommandSpec } from '../args';
import { backendFlag, dataDirFlag, redisFlag, redisPatienceFlag } from '../commonFlags';
import { queueSettings } from './queueFlags';

export const serveSpec: CommandSpec = {
  positionals: [],
  flags: {
    port: { kind: 'integer', help: 'port on 127.0.0.1 (default: the port last used for this --out folder if free, else a free one)' },
    run: { kind: 'string', help: 'create and start this preset at once (e.g. evo/default, paper/regeneration)' },
    config: { kind: 'string', help: 'JSON file of config overrides for --run (e.g. {"population": 8})' },
    out: { kind: 'string', help: 'base folder for run directories, also what the app can open (default runs)' },
    'data-dir': dataDirFlag,
    backend: backendFlag,
    redis: redisFlag,
    'redis-patience': redisPatienceFlag,
  },
};

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));

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
  const overrides = flags.config !== undefined ? readConfigObject(String(flags.config)) : {};
  const err = process.stderr;
  // The server holds a live run: an error nothing caught is logged, never the end of it.
  const restorePolicy = keepRunningOnErrors('quinarium serve', (line) => err.write(`${line}\n`));
  const rendererDir = await ensureRendererBuilt({ root: repositoryRoot, log: (line) => err.write(`${line}\n`) });

  const outDir = resolve(String(flags.out ?? 'runs'));
  const engine = new EngineProcess(ENGINE_WORKER, {
    outDir,
    dataDir: flags['data-dir'] !== undefined ? resolve(String(flags['data-dir'])) : undefined,
    backend: flags.backend as BackendChoice | undefined,
    queue: queueSettings(flags),
  });
  engine.onEvent(({ event }) => {
    if (event.type === 'log') err.write(`quinarium: ${event.message}\n`);
    else if (event.type === 'status' && event.state === 'error') err.write(`quinarium: session error: ${event.message ?? ''}\n`);
  });

  try {
    // Listening first: a busy --port fails before --run has made a run directory.
    // Same folder, same URL: a page left open reconnects to a restarted server (the
    // token, the path's id and, unless --port says otherwise, the port).
    const identity = loadServeIdentity(outDir);
    const listen = (p: number) => startWebServer({ engine, rendererDir, token: identity.token, serverId: identity.serverId, port: p, log: (line) => err.write(`${line}\n`) });
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
    saveServeIdentity(outDir, { token: identity.token, port: server.port, serverId: identity.serverId });
    try {
      if (flags.run !== undefined) {
        const created = await engine.request({ id: 1, method: 'create', params: { preset: String(flags.run), overrides } });
        if (!created.ok) throw new UsageError(`--run: ${created.error}`);
        const started = await engine.request({ id: 2, method: 'start' });
        if (!started.ok) throw new UsageError(`--run: ${started.error}`);
        err.write(`quinarium: running ${flags.run} in ${(created.result as { runDir: string }).runDir}\n`);
      }
      process.stdout.write(`quinarium: serving on ${server.url}\n`);
      err.write('quinarium: open that URL in a browser (it holds the access token); Ctrl+C stops the server\n');
      const signal = await untilSignal();
      err.write(`quinarium: ${signal}: stopping\n`);
    } finally {
      await server.close();
    }
  } finally {
    await engine.close();
    restorePolicy();
  }
}
