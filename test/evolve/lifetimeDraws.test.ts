import { describe, expect, it } from 'vitest';
import { ImageCursor } from '../../src/engine/data/imageCursor';
import { initialState } from '../../src/engine/evolve/evolutionState';
import { resolveEvolutionConfig } from '../../src/engine/evolve/evolutionSession';
import { askLearning } from '../../src/engine/evolve/generation';
import { paramLayout } from '../../src/engine/models/layout';
import { streamFromState } from '../../src/engine/random/streams';

const spec = { kind: 'auxiliary', init: 'he', encoding: 'one-hot', embedActivation: 'none' } as const;

// Issue 11: a lifetime's S·B coordinates and images were drawn up front in the main
// thread (10⁸ indices took 3.6 GB). Now each compute thread draws its lane's share
// step by step from the stream states askLearning hands it, and the main thread
// skips past them. The numbers must be exactly those of drawing them up front, in
// the same order, and the streams must end (and so be checkpointed) in the same state.
describe('lifetime draws made in the compute thread', () => {
  it.each([
    ['draws that wrap the image cursor within a lane', 7, 11, 50],
    ['draws that end exactly at a reshuffle', 5, 10, 50],
    ['no lifetime learning', 0, 10, 50],
  ])('give the up-front numbers: %s', (_what, steps, batchSize, trainCount) => {
    const config = resolveEvolutionConfig('evo/default', { population: 3, lifetime: { steps, batchSize } });
    const n = paramLayout('auxiliary').count;
    const draws = steps * batchSize;
    // The independent computation: the old way, every draw made here in lane order.
    const upFront = initialState(config, spec, trainCount).state;
    const coordsStream = upFront.streams.stateful('coords');
    const expected = upFront.thetas.map(() => ({
      coords: Array.from({ length: draws }, () => coordsStream.int(n)),
      images: Array.from({ length: draws }, () => upFront.images.next()),
    }));

    const state = initialState(config, spec, trainCount).state;
    const jobs = askLearning(state, config, { n, trainCount, coordinates: [] });
    jobs.forEach((sent, lane) => {
      // What a worker thread receives: a structured clone, no index arrays.
      const job = structuredClone(sent);
      expect(Object.values(job).some((v) => ArrayBuffer.isView(v) && !(v instanceof Float32Array))).toBe(false);
      const coords = streamFromState(job.coords.state);
      const images = ImageCursor.resume(job.images.count, job.images.state);
      expect(Array.from({ length: draws }, () => coords.int(job.coords.n)), `lane ${lane} coordinates`).toEqual(expected[lane].coords);
      expect(Array.from({ length: draws }, () => images.next()), `lane ${lane} images`).toEqual(expected[lane].images);
    });
    expect(state.streams.states()).toEqual(upFront.streams.states());
    expect(state.images.state()).toEqual(upFront.images.state());
  });

  it('skips a cursor to the state the same number of next() calls leaves', () => {
    for (const count of [0, 1, 9, 10, 11, 35]) {
      const a = new ImageCursor('skip-test', 10);
      const b = new ImageCursor('skip-test', 10);
      for (let i = 0; i < count; i++) a.next();
      b.skip(count);
      expect(b.state(), `after ${count}`).toEqual(a.state());
      expect(b.next()).toBe(a.next());
    }
  });
});
