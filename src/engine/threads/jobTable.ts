/**
 * A job table: what one kind of worker can do. `setup` builds the worker's context
 * once (fixed inputs, lanes, a session host); each job is a function of that
 * context and a plain-data payload, so it can run in any thread and give the same
 * result. Progress, if a job reports any, goes back as side messages.
 */
export type Progress = (value: unknown) => void;

export interface JobTable<Context, Setup, Jobs extends Record<string, (ctx: Context, payload: never, progress: Progress) => unknown>> {
  readonly name: string;
  setup(data: Setup): Context | Promise<Context>;
  dispose?(ctx: Context): void;
  readonly jobs: Jobs;
}

// `any` here is the variance escape hatch for "some job table"; callers keep the precise types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobTable = JobTable<any, any, Record<string, (ctx: any, payload: any, progress: Progress) => unknown>>;

export type JobName<T extends AnyJobTable> = keyof T['jobs'] & string;
export type PayloadOf<T extends AnyJobTable, J extends JobName<T>> = Parameters<T['jobs'][J]>[1];
export type ResultOf<T extends AnyJobTable, J extends JobName<T>> = Awaited<ReturnType<T['jobs'][J]>>;
export type SetupOf<T extends AnyJobTable> = Parameters<T['setup']>[0];

/** Messages between a pool and its worker threads (plain, structured-clonable data). */
export type ToWorker = { id: number; job: string; payloads: unknown[] };
export type FromWorker =
  | { ready: true }
  | { ready: false; error: string }
  | { id: number; results: unknown[] }
  | { id: number; error: string }
  | { id: number; progress: unknown }
  /** A message outside any request (e.g. a session event), for the channel's listener. */
  | { side: unknown };

/** Runs a batch of one job's payloads in order on a context. */
export async function runBatch<T extends AnyJobTable>(table: T, ctx: unknown, job: string, payloads: unknown[], progress: Progress): Promise<unknown[]> {
  const fn = table.jobs[job];
  if (!fn) throw new Error(`${table.name}: no job "${job}" (jobs: ${Object.keys(table.jobs).join(', ')})`);
  const out: unknown[] = [];
  for (const p of payloads) out.push(await fn(ctx, p, progress));
  return out;
}
