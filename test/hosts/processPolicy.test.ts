import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { describeThrown } from '../../src/hosts/processPolicy';

const events = ['uncaughtException', 'unhandledRejection'] as const;

describe('process-wide error policy', () => {
  // The tfjs-wasm glue adds process handlers that rethrow (exit 7, 39 KB of minified
  // source on stderr): after the backend loads, the process has exactly the listeners it had before.
  it('selectBackend leaves the process error listeners as it found them', async () => {
    const before = events.map((e) => process.listeners(e as 'uncaughtException'));
    await selectBackend('wasm');
    expect(events.map((e) => process.listeners(e as 'uncaughtException'))).toEqual(before);
  });

  it('keeps a long-lived host running through a stray throw and rejection, one line each', () => {
    const r = spawnSync('node', ['--import', 'tsx', join(__dirname, 'fixtures/strayErrors.ts')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain('test host: uncaught exception (kept running): thrown from a timer');
    expect(lines).toContain('test host: unhandled rejection (kept running): rejected, never awaited');
    expect(lines.at(-1)).toBe('alive');
    expect(r.stderr).not.toMatch(/WasmBackendModule|Module\["ready"\]/);
  });

  it('describes anything thrown in one line', () => {
    expect(describeThrown(new Error('plain'))).toBe('plain');
    expect(describeThrown(new RangeError('Maximum call stack size exceeded'))).toBe('RangeError: Maximum call stack size exceeded');
    expect(describeThrown('a string')).toBe('a string');
    expect(describeThrown(Object.create(null))).toBe('object');
  });
});
