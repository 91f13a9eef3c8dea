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
    state: () => prng.state(),
  };
}

/**
 * Named random streams derived from one run seed: each purpose (projection, init,
 * shuffle, images, noise, …) draws from its own stream, so adding draws in one
 * place never shifts the numbers of another.
 */
export class RandomStreams {
  private readonly streams = new Map<string, Stream>();

  constructor(readonly seed: number | string, private readonly restored: StreamStates = {}) {}

  get(name: string): Stream {
    let s = this.streams.get(name);
    if (!s) {
      const saved = this.restored[name];
      // alea: fast and with a compact, serializable state.
      s = wrap(createAlea(`quinarium/${this.seed}/${name}`, saved));
      this.streams.set(name, s);
    }
    return s;
  }

  /** A child family of streams (e.g. one per lane or per individual). */
  child(name: string): RandomStreams {
    return new RandomStreams(`${this.seed}/${name}`, prefixed(this.restored, `${name}:`));
  }

  states(): StreamStates {
    const out: StreamStates = { ...this.restored };
    for (const [k, s] of this.streams) out[k] = s.state();
    return out;
  }
}

function prefixed(states: StreamStates, prefix: string): StreamStates {
  const out: StreamStates = {};
  for (const [k, v] of Object.entries(states)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}
