import { ImageCursor, type ImageCursorState } from '../../data/imageCursor';
import type { Tensor } from '@tensorflow/tfjs-core';
import { LaneSet } from '../../lanes/laneSet';
import { streamFromState } from '../../random/streams';
import { evaluateLanes, testAccuracy, type LaneMetrics } from '../../metrics/evaluateLanes';
import type { JobTable } from '../../threads/jobTable';
import type { EvolutionConfig } from '../evolutionConfig';
import { lifetimeLearning } from '../lifetimeLearning';
import { regeneratedWeights } from '../../train/regeneration';
import { EvolutionContext, type ContextSpec } from './evolutionContext';
import { architectureOf } from '../../models/modelSpec';
import { QuineMap } from '../../solve/quineMap';
import { solveQuine, type SolveOptions, type SolveReport } from '../../solve/solveQuine';

/**
 * The per-individual work of a generation, as plain data so it can run in any
 * thread: every random draw it needs was made beforehand by `ask`, so the result
 * does not depend on which thread computes it.
 */
/**
 * One individual's lifetime: its weights, and where its draws start in the run's
 * `coords` stream (integers below `n`) and training-image cursor (over `count`
 * images). The compute thread draws them step by step from these states while the
 * main thread skips past them (generation.ts askLearning): the same numbers, in the
 * same order, as drawing them all up front.
 */
export interface LearnEvaluateJob {
  theta: Float32Array;
  coords: { state: object; n: number };
  images: { state: ImageCursorState; count: number };
  lifetime: EvolutionConfig['lifetime'];
  inheritance: EvolutionConfig['inheritance'];
}
/**
 * `theta`, `predictions` and the replication half of `metrics` are those of the weights
 * that reproduce: after lifetime learning under lamarckian inheritance, the genome as
 * given under germline (the soma only classifies). `metrics.accuracy` is always after
 * learning; `innateAccuracy` is the validation accuracy of the weights as given, before
 * lifetime learning (the genome's, at birth for a newborn).
 */
export interface LearnEvaluateResult {
  theta: Float32Array; metrics: LaneMetrics; predictions: Float32Array; innateAccuracy: number;
  /** Germline: the soma, the weights after lifetime learning that `metrics.accuracy` measured (the best's test accuracy is theirs). */
  soma?: Float32Array;
}
/**
 * The parent's predictions of its own weights with x_c = image row `rows[c]` (null rows:
 * blank image; 'fixed': the run's fixed reproduction pairing, the context's lsrImages).
 */
export interface RegenerateJob { theta: Float32Array; rows: Int32Array | null | 'fixed' }
/** A founder to solve into a quine of the run's reproduction map (its fixed pairing). */
export interface SolveFounderJob { theta: Float32Array; options: SolveOptions }

function withLane<R>(inputs: EvolutionContext['fixed'], theta: Float32Array, f: (lanes: LaneSet) => R): R {
  const lanes = new LaneSet([inputs], [theta]);
  try {
    return f(lanes);
  } finally {
    lanes.dispose();
  }
}

export const evolutionJobs = {
  name: 'evolution',
  setup: (spec: ContextSpec) => new EvolutionContext(spec),
  dispose: (ctx: EvolutionContext) => ctx.dispose(),
  jobs: {
    /** Lifetime learning (S steps on pre-drawn coordinates and training images), then evaluation. */
    learnEvaluate: (ctx: EvolutionContext, job: LearnEvaluateJob): LearnEvaluateResult => withLane(ctx.fixed, job.theta, (lanes) => {
      // This lifetime's draws, made step by step from where its share of the run's streams starts.
      const coords = streamFromState(job.coords.state);
      const images = ImageCursor.resume(job.images.count, job.images.state);
      const coordinates = { next: () => coords.int(job.coords.n) };
      if (job.inheritance === 'germline' && job.lifetime.steps > 0) {
        // The genome is measured as it is (replication and accuracy at birth), then the soma learns and only classifies.
        const [genome] = evaluateLanes(lanes, true, false, false);
        lifetimeLearning(lanes, 0, job.lifetime, coordinates, images);
        const learned = testAccuracy(lanes, 0, false);
        return { theta: genome.theta, metrics: { ...genome.metrics, accuracy: learned }, predictions: genome.predictions, innateAccuracy: genome.metrics.accuracy ?? NaN, soma: lanes.canonical()[0] };
      }
      // Without learning the innate accuracy is the measured one; otherwise one more pass over the validation images.
      const innate = job.lifetime.steps > 0 ? testAccuracy(lanes, 0, false) : null;
      lifetimeLearning(lanes, 0, job.lifetime, coordinates, images);
      const [e] = evaluateLanes(lanes, true, false, false);
      return { theta: e.theta, metrics: e.metrics, predictions: e.predictions, innateAccuracy: innate ?? e.metrics.accuracy ?? NaN };
    }),
    regenerate: (ctx: EvolutionContext, job: RegenerateJob): Float32Array => withLane(ctx.fixed, job.theta, (lanes) => {
      const table = job.rows === null ? null : ctx.spec.regeneration === 'noise' ? ctx.noisePool : ctx.fixed.trainImageEmbed!;
      const rows = job.rows === 'fixed' ? ctx.fixed.lsrImages! : job.rows ?? new Int32Array(ctx.fixed.n);
      return regeneratedWeights(lanes, 0, { table, rows });
    }),
    /** A founder solved into a quine of the map the run measures and reproduces by (fixed pairing). */
    solveFounder: (ctx: EvolutionContext, job: SolveFounderJob): { theta: Float32Array; report: SolveReport } => {
      const arch = architectureOf(ctx.spec.spec);
      const held: Tensor[] = [];
      // The continuation's maps: the image half of the embedding scaled by t (t = 1: the run's own map).
      const mapAt = (t: number): QuineMap => {
        if (t === 1) return new QuineMap(ctx.fixed, arch);
        const e = ctx.fixed.scaledImageEmbedding(t);
        held.push(e);
        return new QuineMap({ layout: ctx.fixed.layout, fullEmbedding: () => e }, arch);
      };
      try {
        return solveQuine(mapAt, job.theta, job.options);
      } finally {
        for (const e of held) e.dispose();
      }
    },
    /** Test-set accuracy: reported only, never selected on. */
    testAccuracy: (ctx: EvolutionContext, theta: Float32Array): number => withLane(ctx.testInputs(), theta, (lanes) => testAccuracy(lanes, 0, false)),
  },
} satisfies JobTable<EvolutionContext, ContextSpec, Record<string, (ctx: EvolutionContext, payload: never) => unknown>>;

/**
 * What an evolution run needs of its job table: these four jobs with these payloads and
 * results, whatever the context (evolutionJobs computes them; probeJobs.ts only shapes them).
 */
// `any` context: the runner never touches it, only the table's own jobs do (as AnyJobTable).
/* eslint-disable @typescript-eslint/no-explicit-any */
export type EvolutionJobs = JobTable<any, ContextSpec, {
  learnEvaluate: (ctx: any, job: LearnEvaluateJob) => LearnEvaluateResult;
  regenerate: (ctx: any, job: RegenerateJob) => Float32Array;
  testAccuracy: (ctx: any, theta: Float32Array) => number;
  solveFounder: (ctx: any, job: SolveFounderJob) => { theta: Float32Array; report: SolveReport };
}>;
/* eslint-enable @typescript-eslint/no-explicit-any */
