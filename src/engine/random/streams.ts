import { ImageCursor, type ImageCursorState } from '../data/imageCursor';
import { createAlea, type StatefulRandom } from './alea';

/** Serializable state of every named stream, for checkpoints. */
export type StreamStates = Record<string, object>;

export interface Stream {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller, one value per pair of uniforms so state stays simple). */
  normal(): number;
  fillNormal(out: Float32Array, scale?: number): Float32Array;
  shuffle(n: number): Int32Array;
  /** Advances the stream by `count` uniforms, exactly as `count` calls of next() or int() would. */
  skip(count: number): void;
  state(): object;
}

function wrap(prng: StatefulRandom): Stream {
  const next = () => prng();
  const normal = () => {
    let u = next();
    while (u <= 1e-300) u = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal,
    fillNormal(out, scale = 1) {
      for (let i = 0; i < out.length; i++) out[i] = normal() * scale;
      return out;
    },
    shuffle(n) {
      const a = new Int32Array(n);
      for (let i = 0; i < n; i++) a[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = a[i]; a[i] = a[j]; a[j] = t;
      }
      return a;
    },
    skip(count) {
      for (let i = 0; i < count; i++) prng();
    },
    state: () => prng.state(),
  };
}

/**
 * A run stream continued from `state` (Stream.state() of the same stream), e.g. in a
 * compute thread that draws one lane's share of `coords` while the main thread skips
 * past it: the same numbers in the same order as drawing them in the main thread.
 */
export function streamFromState(state: object): Stream {
  // Alea restores the whole state: the seed string is overwritten and never used.
  return wrap(createAlea('restored', state));
}

/**
 * Streams re-derived from the seed whenever they are needed and never checkpointed:
 * what fixes a run's inputs (projections, coordinate–image pairings — for measuring and,
 * `reproduction`, the training-image pairing an evolution reproduces on —, the diversity
 * coordinates, the noise-image pool, the spectrum probe's start vector, each
 * generation's heritability resamples). Drawing one again gives the same numbers.
 */
export const FIXED_STREAMS = ['projection', 'pairings', 'diversity', 'noise-images', 'probe', 'heritability', 'reproduction'] as const;
/**
 * Streams that continue through a run and are checkpointed: initial weights, epoch
 * shuffles and noise of paper runs, and an evolution's lifetime coordinates, selection,
 * regeneration inputs and mutation, and the draws of its reproduction controls (which
 * source a cross-parent or shuffled child comes from, a zero-transmission child's noise).
 */
export const STATEFUL_STREAMS = ['init', 'shuffle', 'noise', 'coords', 'selection', 'regeneration', 'mutation', 'control'] as const;
export type FixedStreamName = (typeof FIXED_STREAMS)[number];
export type StatefulStreamName = (typeof STATEFUL_STREAMS)[number];

/** A stream from a seed string, for draws outside any run (tests, benchmarks); a run's draws use RandomStreams. */
export function seededStream(seed: string): Stream {
  return wrap(createAlea(seed));
}

/** Seed of a named stream: `quinarium/<run seed>/<name>` (the contract every saved run relies on). */
const streamSeed = (seed: number | string, name: string) => `quinarium/${seed}/${name}`;

/**
 * Named random streams derived from one run seed: each purpose draws from its own
 * stream, so adding draws in one place never shifts the numbers of another. Every
 * random draw of Quinarium comes from here: `fixed` streams (re-derived), `stateful`
 * ones (restored from and saved to checkpoints), and the training-image cursor.
 */
export class RandomStreams {
  private readonly streams = new Map<StatefulStreamName, Stream>();

  constructor(readonly seed: number | string, private readonly restored: StreamStates = {}) {}

  /**
   * A fresh stream from the seed: the same numbers on every call, in every thread and
   * resume. `index` makes one stream per instance of the purpose (generation k's
   * heritability resamples: `quinarium/<seed>/heritability/<k>`).
   */
  fixed(name: FixedStreamName, index?: number): Stream {
    return wrap(createAlea(streamSeed(this.seed, index === undefined ? name : `${name}/${index}`)));
  }

  /** The run's continuing stream `name` (from its checkpointed state when resumed). */
  stateful(name: StatefulStreamName): Stream {
    let s = this.streams.get(name);
    if (!s) {
      // alea: fast and with a compact, serializable state.
      s = wrap(createAlea(streamSeed(this.seed, name), this.restored[name]));
      this.streams.set(name, s);
    }
    return s;
  }

  /**
   * A continuing, seeded, shuffled pass over `count` training images (reshuffled when
   * exhausted); `state` is its checkpointed state.
   */
  images(count: number, state?: ImageCursorState): ImageCursor {
    return new ImageCursor(streamSeed(this.seed, 'images'), count, state);
  }

  /** The states of the stateful streams drawn from so far (and of any restored, untouched ones). */
  states(): StreamStates {
    const out: StreamStates = { ...this.restored };
    for (const [k, s] of this.streams) out[k] = s.state();
    return out;
  }
}
