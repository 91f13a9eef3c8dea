import { createAlea, type StatefulRandom } from '../random/alea';

export interface ImageCursorState { rng: object; pos: number }

/**
 * A continuing, seeded, shuffled stream over `count` training images: reshuffled
 * each time it is exhausted. Its state is the RNG state from before the current
 * shuffle plus the position, so a checkpoint need not store the permutation.
 */
export class ImageCursor {
  private rng: StatefulRandom;
  private order = new Int32Array(0);
  private pos = 0;
  private before: object;

  constructor(seed: string, readonly count: number, state?: ImageCursorState) {
    this.rng = createAlea(seed, state?.rng);
    this.before = this.rng.state();
    this.reshuffle();
    if (state) this.pos = state.pos;
  }

  next(): number {
    if (this.pos >= this.count) {
      this.before = this.rng.state();
      this.reshuffle();
    }
    return this.order[this.pos++];
  }

  state(): ImageCursorState { return { rng: this.before, pos: this.pos }; }

  /**
   * Advances the cursor by `count` images, to exactly the state `count` calls of
   * next() would leave (reshuffling where they would), without drawing them.
   */
  skip(count: number): void {
    let left = count;
    while (left > 0) {
      if (this.pos >= this.count) {
        this.before = this.rng.state();
        this.reshuffle();
      }
      const take = Math.min(left, this.count - this.pos);
      this.pos += take;
      left -= take;
    }
  }

  /** A cursor over `count` images continued from `state` (another cursor's state()): the same images in the same order. */
  static resume(count: number, state: ImageCursorState): ImageCursor {
    // The state holds the RNG in full: the seed string is overwritten and never used.
    return new ImageCursor('restored', count, state);
  }

  private reshuffle(): void {
    const a = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) a[i] = i;
    for (let i = this.count - 1; i > 0; i--) {
      const j = Math.floor(this.rng() * (i + 1));
      const t = a[i]; a[i] = a[j]; a[j] = t;
    }
    this.order = a;
    this.pos = 0;
  }
}
