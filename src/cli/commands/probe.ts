import { describeBackend, selectBackend, type BackendChoice } from '../../engine/backend/selectBackend';
import { metricBlocks } from '../../engine/metrics/replicationMetrics';
import { paramLayout } from '../../engine/models/layout';
import { architectureOf } from '../../engine/models/modelSpec';
import { RandomStreams } from '../../engine/random/streams';
import { readLaneCheckpoint } from '../../engine/store/laneCheckpoint';
import { checkpointInputs } from '../../engine/store/checkpointInputs';
import { PROBE_DEFAULTS, probeQuine, type ProbeOptions, type ProbeReport, type RitzValue } from '../../engine/solve/probe';
import { QuineMap } from '../../engine/solve/quineMap';
import { toJsonSafe } from '../../shared/jsonSafe';
import { UsageError, type CommandSpec } from '../args';
import { backendFlag, dataDirFlag } from '../commonFlags';
import { renderTable } from '../table';

export const probeSpec: CommandSpec = {
  positionals: ['checkpoint'],
  flags: {
    krylov: { kind: 'integer', help: `Arnoldi dimension (JVPs) per spectrum (default ${PROBE_DEFAULTS.krylov})` },
    top: { kind: 'integer', help: `eigenvalues shown per spectrum (default ${PROBE_DEFAULTS.top})` },
    generations: { kind: 'integer', help: `regenerations tried per rule for the half-life (default ${PROBE_DEFAULTS.generations})` },
    threshold: { kind: 'number', help: `the quine is lost once corr(R^k θ, θ) falls below this (default ${PROBE_DEFAULTS.threshold})` },
    json: { kind: 'boolean', help: 'print the report as JSON' },
    backend: backendFlag,
    'data-dir': dataDirFlag,
  },
};

function optionsOf(flags: Record<string, string | number | boolean>, n: number): ProbeOptions {
  const o: ProbeOptions = {
    krylov: (flags.krylov as number | undefined) ?? PROBE_DEFAULTS.krylov,
    top: (flags.top as number | undefined) ?? PROBE_DEFAULTS.top,
    generations: (flags.generations as number | undefined) ?? PROBE_DEFAULTS.generations,
    threshold: (flags.threshold as number | undefined) ?? PROBE_DEFAULTS.threshold,
  };
  if (o.krylov < 1 || o.krylov > n) throw new UsageError(`--krylov: expected 1…${n} (the quine's weight count), got ${o.krylov}`);
  if (o.top < 1) throw new UsageError(`--top: expected at least 1, got ${o.top}`);
  if (o.generations < 1) throw new UsageError(`--generations: expected at least 1, got ${o.generations}`);
  if (!(o.threshold > -1 && o.threshold < 1)) throw new UsageError(`--threshold: expected a correlation in (−1, 1), got ${o.threshold}`);
  return o;
}

const num = (x: number, digits = 4): string => (Number.isFinite(x) ? String(Number(x.toPrecision(digits))) : String(x));
const eig = (e: RitzValue): string => (e.im === 0 ? num(e.re) : `${num(e.re)} ${e.im < 0 ? '−' : '+'} ${num(Math.abs(e.im))}i`);

function printReport(dir: string, backend: string, r: ProbeReport): void {
  console.error(`backend: ${backend}`);
  console.log(`probe of ${dir}: N = ${r.n}, r2 ${num(r.r2, 6)}, κ = ⟨f, θ⟩/⟨θ, θ⟩ ${num(r.gain, 6)}, rms θ ${num(r.rmsTheta)}`);
  console.log(`radial gain ⟨Jθ̂, θ̂⟩ = ${num(r.radialGain)}${r.radialGain > 1 ? '  (> 1: the quine\'s own direction grows under plain regeneration)' : ''}\n`);
  const spectrumTable = (title: string, s: ProbeReport['spectrum']) => {
    console.log(`${title} (Ritz values of a ${s.krylov}-dimensional Krylov space)`);
    console.log(renderTable(['λ', '|λ|', 'residual'], s.top.map((e) => [eig(e), num(e.modulus), num(e.residual, 2)]), ['l', 'r', 'r']));
  };
  spectrumTable('eigenvalues of J', r.spectrum);
  spectrumTable('\neigenvalues of the tangent part (I − θ̂θ̂ᵀ)·J·(I − θ̂θ̂ᵀ)', r.tangentSpectrum);
  console.log(`\nreplication half-life: smallest k with corr(R^k θ, θ) < ${r.options.threshold}, at most ${r.options.generations} regenerations`);
  console.log(renderTable(['regeneration', 'half-life', 'corr at the end', '‖R^k θ‖/‖θ‖', 'predicted error growth / generation'],
    r.halfLives.map((h) => [h.rule, h.generations === null ? `> ${r.options.generations}` : String(h.generations), num(h.corr[h.corr.length - 1], 6), num(h.normRatio), num(h.predictedGrowth)]),
    ['l', 'r', 'r', 'r', 'r']));
}

/** Probes a saved quine: why it does or does not survive regeneration (radial gain, spectra, half-lives). */
export async function probeCommand(dir: string, flags: Record<string, string | number | boolean>): Promise<void> {
  const ckpt = readLaneCheckpoint(dir);
  const spec = ckpt.model.spec;
  const o = optionsOf(flags, paramLayout(spec.kind).count);
  const info = await selectBackend((flags.backend as BackendChoice) ?? 'auto');
  const streams = new RandomStreams(ckpt.model.seed);
  // An auxiliary quine is probed on the map it was made on (an evolution founder: its run's training pairing).
  const inputs = checkpointInputs(ckpt, flags['data-dir'] as string | undefined);
  try {
    const map = new QuineMap(inputs, architectureOf(spec));
    // θ is stored in coordinate order, as QuineMap takes it.
    const report = probeQuine(map, Float64Array.from(ckpt.theta), metricBlocks(inputs.layout), streams.fixed('probe'), o);
    if (flags.json) console.log(JSON.stringify(toJsonSafe({ checkpoint: dir, backend: info.name, seed: ckpt.model.seed, kind: spec.kind, ...report })));
    else printReport(dir, describeBackend(info), report);
  } finally {
    inputs.dispose();
  }
}
