/**
 * Where the inspector finds a stored individual's weights when a run keeps past
 * populations (`--checkpoint-keep`, src/hosts/storedWeights.ts): the final population for
 * the living, the newest kept checkpoint holding an id for the dead, and, for an id none
 * holds, the generations whose populations are kept. A tiny but real evolution through
 * the CLI: 4 individuals, 3 generations, a checkpoint every generation, 2 kept.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { listEvolutionCheckpoints } from '../../src/engine/evolve/evolutionCheckpoint';
import { paramLayout } from '../../src/engine/models/layout';
import { readNpy } from '../../src/engine/store/npy';
import { evolutionCheckpointWeights, inspectStored } from '../../src/hosts/storedWeights';

const bin = join(__dirname, '../../bin/quinarium.mjs');
const tiny = ['--threads', '1', '--population', '4', '--generations', '3', '--lifetime-steps', '5', '--evaluation-validation', '1000', '--seed', '3', '--backend', 'wasm',
  '--checkpoint-every', '1', '--checkpoint-keep', '2'];

const out = mkdtempSync(join(tmpdir(), 'quinarium-keep-weights-'));
let runDir = '';
afterAll(() => rmSync(out, { recursive: true, force: true }));
beforeAll(async () => {
  await selectBackend('wasm');
  const r = spawnSync('node', [bin, 'evolve', ...tiny, '--out', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`evolve exited ${r.status}: ${r.stderr}`);
  runDir = join(out, readdirSync(out)[0]);
});

const ckpt = (name: string) => join(runDir, 'checkpoints', name);
const idsOf = (name: string) => (JSON.parse(readFileSync(join(ckpt(name), 'state.json'), 'utf8')) as { ids: number[] }).ids;
/** Individual `id`'s W1 as population.npy of checkpoint folder `name` holds it, read independently of the engine. */
function w1Of(name: string, id: number): number[] {
  const population = readNpy(join(ckpt(name), 'population.npy'));
  const n = population.shape[1];
  const w1 = paramLayout('auxiliary').blocks.find((b) => b.name === 'W1')!;
  const start = idsOf(name).indexOf(id) * n + w1.offset;
  return Array.from((population.data as Float32Array).subarray(start, start + w1.shape[0] * w1.shape[1]));
}
/** lineage.csv's ids and their birth and death generations. */
function lineage(): { id: number; born: number; died: number | null }[] {
  const [head, ...rows] = readFileSync(join(runDir, 'lineage.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  const col = (name: string) => head.indexOf(name);
  return rows.map((r) => ({ id: Number(r[col('id')]), born: Number(r[col('origin_time')]), died: r[col('destruction_time')] === 'inf' ? null : Number(r[col('destruction_time')]) }));
}

describe('the weights of individuals a run with --checkpoint-keep 2 kept', () => {
  it('keeps the two newest checkpoints (generations 2 and 1) beside the final population', () => {
    expect(listEvolutionCheckpoints(runDir).map((c) => c.generation)).toEqual([2, 1]);
    expect(readdirSync(join(runDir, 'checkpoints')).filter((e) => e.startsWith('gen-')).sort()).toEqual(['gen-000001', 'gen-000002']);
    expect(idsOf('final')).toHaveLength(4);
  });

  it('gives a living individual the final population\'s weights', () => {
    const id = idsOf('final')[0];
    const stored = evolutionCheckpointWeights(runDir, id);
    if ('kept' in stored) throw new Error(`#${id}: expected weights, got kept ${stored.kept}`);
    expect(stored.from).toMatch(/ from the final population \(generation 2\), f recomputed$/);
    expect(stored.weights[0].theta).toEqual(w1Of('final', id));
  });

  it('gives a dead individual its weights from the newest older checkpoint that holds it', () => {
    // Alive in generation 1, dead by the end: held by gen-000001 only.
    const final = new Set(idsOf('final')), later = new Set(idsOf('gen-000002'));
    const dead = idsOf('gen-000001').filter((id) => !final.has(id) && !later.has(id));
    expect(dead.length, 'this seed has an individual that died after generation 1').toBeGreaterThan(0);
    for (const id of dead.slice(0, 1)) {
      const stored = evolutionCheckpointWeights(runDir, id);
      if ('kept' in stored) throw new Error(`#${id}: expected weights, got kept ${stored.kept}`);
      expect(stored.from).toMatch(/ from the checkpoint of generation 1, f recomputed$/);
      expect(stored.weights[0].theta).toEqual(w1Of('gen-000001', id));
      expect(lineage().find((r) => r.id === id)!.died).not.toBeNull();
    }
  });

  it('for an id no kept population holds, says which generations are kept, and the host sends them to the inspector', () => {
    const held = new Set(['final', 'gen-000001', 'gen-000002'].flatMap(idsOf));
    const gone = lineage().filter((r) => !held.has(r.id));
    // The founders that died in generation 0 were only in gen-000000, which keep 2 deleted.
    expect(gone.length, 'this seed has an individual only the deleted checkpoint held').toBeGreaterThan(0);
    for (const r of gone) {
      expect(evolutionCheckpointWeights(runDir, r.id)).toEqual({ kept: [2, 1] });
      const detail = inspectStored(runDir, r.id);
      expect(detail.weights).toBeUndefined();
      expect(detail.checkpointGenerations).toEqual([2, 1]);
      expect(detail.individual).toMatchObject({ id: r.id, born: r.born, died: r.died });
    }
  });
});
