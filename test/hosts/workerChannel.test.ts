import { describe, expect, it } from 'vitest';
import { WorkerChannel, WorkerSendError } from '../../src/engine/threads/workerChannel';

/** `{"a": {"a": … {}}}`, `depth` objects deep, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  let o: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) o = { a: o };
  return o;
}

describe('WorkerChannel', () => {
  // A payload postMessage cannot clone (a function; 10,000 nested objects overflowed the
  // stack in issue 11) is refused with a WorkerSendError; nothing stays pending and the
  // worker goes on answering.
  it('refuses a payload it cannot send, and keeps working', async () => {
    const channel = WorkerChannel.spawn(new URL('./fixtures/echoWorker.ts', import.meta.url), null);
    await channel.ready();
    await expect(channel.run('echo', [() => 1])).rejects.toThrow(WorkerSendError);
    await expect(channel.run('echo', [nested(100_000)])).rejects.toThrow(/could not pass echo to the worker/);
    expect((channel as unknown as { pending: Map<number, unknown> }).pending.size).toBe(0);
    expect(await channel.run('echo', [{ x: 1 }, 2])).toEqual([{ x: 1 }, 2]);
    await channel.terminate();
  });

  // A side message (a session event) that cannot be cloned is dropped in the worker;
  // the job that sent it, and the messages after it, go on (issue 11).
  it('drops a side message it cannot clone, and the job goes on', async () => {
    const sides: unknown[] = [];
    const channel = WorkerChannel.spawn(new URL('./fixtures/echoWorker.ts', import.meta.url), null, (m) => sides.push(m));
    await channel.ready();
    expect(await channel.run('sideThenEcho', [7])).toEqual([7]);
    expect(sides).toEqual([{ sent: 7 }]);
    await channel.terminate();
  });
});
