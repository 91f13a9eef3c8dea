import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { createEvolutionSession, resumeEvolutionSession } from '../../src/engine/evolve/evolutionSession';
import { createPaperSession, resumePaperSession } from '../../src/engine/runs/paperSession';
import { RUN_LOCK_FILE } from '../../src/engine/store/runLock';

// The sessions every host drives (CLI, Electron, serve) hold their run directory's lock
// from creation to their end, and release it when they end.
describe('sessions hold their run directory', () => {
  beforeAll(async () => { await selectBackend('wasm'); });

  it('an evolution session: locked while live, a resume of it refused, released when stopped', async () => {
    const session = createEvolutionSession({
      preset: 'evo/default', overrides: { population: 4, generations: 3, lifetime: { steps: 1 }, evaluation: { validation: 200 } },
      outDir: mkdtempSync(join(tmpdir(), 'quinarium-session-lock-')), threads: 1, purpose: 'serve',
    });
    const dir = session.run.runDir;
    expect(existsSync(join(dir, RUN_LOCK_FILE))).toBe(true);
    await session.stepOnce();
    expect(() => resumeEvolutionSession(dir)).toThrow(/is already open for writing in this process \(serve \(pid \d+/);
    await session.stop();
    expect(existsSync(join(dir, RUN_LOCK_FILE))).toBe(false);
    // Stopped after generation 0: an unfinished run that a resume may continue.
    const resumed = resumeEvolutionSession(dir, { threads: 1 });
    expect(resumed.run.generation).toBe(1);
    await resumed.stop();
  });

  it('a paper session: locked while live, released when stopped, then resumable', async () => {
    const session = createPaperSession('paper/adamax-100', { overrides: { epochs: 2, batchSize: 100 }, outDir: mkdtempSync(join(tmpdir(), 'quinarium-session-lock-')), threads: 1 });
    const dir = session.run.runDir;
    expect(existsSync(join(dir, RUN_LOCK_FILE))).toBe(true);
    await session.stepOnce();
    await session.stepOnce();
    expect(() => resumePaperSession(dir)).toThrow(/is already open for writing in this process \(paper run/);
    await session.stop();
    expect(existsSync(join(dir, RUN_LOCK_FILE))).toBe(false);
    const resumed = resumePaperSession(dir, { threads: 1 });
    await resumed.start();
    expect(resumed.error).toBeNull();
    expect(existsSync(join(dir, RUN_LOCK_FILE))).toBe(false);
  });
});
