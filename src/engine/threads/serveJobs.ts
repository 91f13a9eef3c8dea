import type { MessagePort } from 'node:worker_threads';
import { runBatch, type AnyJobTable, type FromWorker, type SetupOf, type ToWorker } from './jobTable';

/**
 * The worker-thread side of a pool or channel: builds the table's context from
 * `setup`, says ready (or why not), then answers each request with its results,
 * its error or its progress. Requests are answered as they come (a long session
 * request must not hold up a `pause`); a lane worker gets one request at a time.
 * `side` lets the context send messages outside any request (session events).
 */
export function serveJobs<T extends AnyJobTable>(port: MessagePort, table: T, setup: (side: (m: unknown) => void) => SetupOf<T> | Promise<SetupOf<T>>): void {
  const post = (m: FromWorker) => port.postMessage(m);
  // A side message that cannot be cloned (an event holding a function, say) is dropped
  // with a line on stderr: the session that sent it goes on. (A result that cannot be
  // cloned becomes that request's error, below.)
  const side = (m: unknown) => {
    try {
      post({ side: m });
    } catch (e) {
      process.stderr.write(`${table.name} worker: could not pass a message to the main thread: ${(e as Error)?.message ?? String(e)}\n`);
    }
  };
  const ctx = (async () => table.setup(await setup(side)))();
  ctx.then(() => post({ ready: true }), (e: Error) => post({ ready: false, error: e?.message ?? String(e) }));
  port.on('message', async (m: ToWorker) => {
    try {
      const results = await runBatch(table, await ctx, m.job, m.payloads, (progress) => post({ id: m.id, progress }));
      post({ id: m.id, results });
    } catch (e) {
      post({ id: m.id, error: (e as Error)?.message ?? String(e) });
    }
  });
}
