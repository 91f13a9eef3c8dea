import { normalDraw, seededRandom } from './seededRandom';

/**
 * A stand-in for a paper scenario's run: per epoch, one metrics row per arm and
 * lane with a falling L_SR (and, for the auxiliary quine, a rising accuracy),
 * shaped like the real rows of metrics.jsonl.
 */
export class DemoPaperRun {
  private readonly random: () => number;
  epoch = 0;
  readonly arms: string[];

  constructor(readonly scenario: string, readonly epochs: number, readonly lanes: number, seed: number) {
    this.random = seededRandom(seed + 17);
    this.arms = scenario === 'paper/optimizers' ? ['sgd', 'adam', 'adamax'] : ['main'];
  }

  get done(): boolean { return this.epoch > this.epochs; }

  /** The rows of the next epoch (epoch 0 is the initial measurement). */
  step(): Record<string, unknown>[] {
    const rows: Record<string, unknown>[] = [];
    const e = this.epoch;
    const auxiliary = this.scenario === 'paper/auxiliary';
    for (const [a, arm] of this.arms.entries()) {
      for (let lane = 0; lane < this.lanes; lane++) {
        const decay = Math.exp(-e / (6 + 4 * a + lane));
        const lsr = (auxiliary ? 1072 : 95) * (0.02 + decay) * (1 + 0.06 * normalDraw(this.random)) * (auxiliary ? 1 + 0.08 * e : 1);
        const meanAbsTheta = 0.05 * (0.4 + 0.6 * Math.exp(-e / 15));
        const corr = Math.tanh(0.05 + e / (10 + 5 * lane)) * (1 + 0.02 * normalDraw(this.random));
        const row: Record<string, unknown> = { arm, lane, seed: lane, epoch: e, phase: e === 0 ? 'initial' : 'epoch', lsr, srq: Math.log(21100 / lsr), corr, meanAbsTheta, seconds: e * 0.4 };
        if (auxiliary) row.accuracy = 0.1 + 0.8 * (1 - Math.exp(-e / 4)) + 0.005 * normalDraw(this.random);
        rows.push(row);
      }
    }
    this.epoch++;
    return rows;
  }
}
