/**
 * The one API between the renderer and a session, whatever carries it (Electron IPC,
 * a WebSocket). Plain JSON both ways; every incoming message is validated by
 * `validateRequest` before it reaches the engine.
 */
import type { SessionEvent } from './events';
import type { GenerationRow, IndividualRow } from './records';
import type { ExportFormat, RunKind } from './names';

export type { SessionEvent, GenerationRow, IndividualRow, ExportFormat, RunKind };
export { EXPORT_FORMATS, RUN_KINDS } from './names';

export interface PresetInfo { name: string; kind: RunKind; title: string; summary: string }

export interface FieldInfo {
  path: string;
  kind: 'number' | 'boolean' | 'enum' | 'string' | 'object';
  label: string;
  help: string;
  default?: number | boolean | string;
  min?: number;
  max?: number;
  integer?: boolean;
  values?: readonly string[];
  /** The field matters only while the field at `field` holds one of `values`; the form hides it otherwise. */
  relevantWhen?: { field: string; values: readonly string[] };
}

export interface IndividualDetail {
  individual: IndividualRow;
  /** Root first, the individual last. */
  ancestry: IndividualRow[];
  /** W1 and W2 weights and their predictions, row-major 100×100 (like the paper's Fig. 7); absent once the individual's weights are gone. */
  weights?: { name: string; rows: number; cols: number; theta: number[]; predicted: number[] }[];
  /** Where the weights came from: the live population's last measurement, or a checkpoint (with its generation, or the lane of a paper run). */
  weightsFrom?: string;
  /**
   * When the weights are absent: the generations whose populations the run's checkpoints
   * still hold (a checkpoint keeps the living's weights; `checkpointKeep` says how many
   * checkpoints a run keeps), so the inspector can say which individuals it can show.
   */
  checkpointGenerations?: number[];
}

/**
 * Where a stored run stands: `running` (the host's live session, running or paused),
 * `done` (its summary says every generation or epoch ran), `stopped` (finished early
 * by Stop), `failed` (no summary: killed, crashed, or the session reported an error).
 */
export const RUN_STATUSES = ['running', 'done', 'stopped', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The best results a run reached, from its latest generation (evolution) or epoch (paper, best lane). */
export interface RunBest { accuracy: number | null; r2: number | null; lsr: number | null; rmsTheta: number | null }

export interface RunListing {
  dir: string;
  kind: RunKind;
  name: string;
  created: string;
  status: RunStatus;
  /** Generations (evolution) or epochs (paper) done, and how many the config asks for (null when unknown). */
  done: number;
  total: number | null;
  /** Population (evolution) or seeds (paper) and the first seed, from config.json. */
  size: number | null;
  seed: number | string | null;
  best: RunBest | null;
  /** An evolution run with a checkpoint that has not reached its last generation: `resumeRun` continues it. */
  resumable: boolean;
}

/** A stored run without its lineage: what a comparison of runs reads (curves, config, results). */
export interface RunSummary extends RunListing {
  config: Record<string, unknown>;
  generations: GenerationRow[];
  metrics: Record<string, unknown>[];
  summary: Record<string, unknown> | null;
}

/** A whole run as stored on disk, for replay and browsing. */
export interface RunReplay {
  dir: string;
  kind: RunKind;
  config: Record<string, unknown>;
  individuals: IndividualRow[];
  generations: GenerationRow[];
  metrics: Record<string, unknown>[];
  summary: Record<string, unknown> | null;
}

/** Requests from the renderer; each gets exactly one Response with the same id. */
export type Request =
  | { id: number; method: 'listPresets' }
  | { id: number; method: 'describeConfig'; params: { preset: string } }
  | { id: number; method: 'create'; params: { preset: string; overrides: Record<string, unknown> } }
  | { id: number; method: 'start' }
  | { id: number; method: 'pause' }
  | { id: number; method: 'step' }
  | { id: number; method: 'stop' }
  | { id: number; method: 'snapshot' }
  | { id: number; method: 'state' }
  | { id: number; method: 'inspect'; params: { id: number } }
  | { id: number; method: 'listRuns' }
  | { id: number; method: 'openRun'; params: { dir: string } }
  | { id: number; method: 'export'; params: { format: ExportFormat } }
  /** A stored run's listing, config and per-generation rows, without its lineage (run comparison). */
  | { id: number; method: 'runSummary'; params: { dir: string } }
  /** Makes a stopped (or killed) evolution run in the runs folder the current session, from its last checkpoint; Start continues it. */
  | { id: number; method: 'resumeRun'; params: { dir: string } }
  /**
   * An individual of a stored run with its weights read from the run's checkpoint and
   * its predictions recomputed (evolution: `id` is the individual; paper runs: `id` is the lane).
   */
  | { id: number; method: 'inspectStored'; params: { dir: string; id: number } };

export type Method = Request['method'];

export interface ResultOf {
  listPresets: PresetInfo[];
  /** `defaultLearningRates`: each optimiser's own learning rate, what `lr` 0 stands for (the form says so beside the field). */
  describeConfig: { preset: string; fields: FieldInfo[]; values: Record<string, unknown>; defaultLearningRates?: Record<string, number> };
  create: { runDir: string; kind: RunKind };
  start: { state: string };
  pause: { state: string };
  step: { state: string };
  stop: { state: string };
  snapshot: { state: string };
  state: { state: string; preset: string | null; runDir: string | null; kind: RunKind | null; /** The running session's resolved config (what the form should show). */ config?: Record<string, unknown> | null; individuals: IndividualRow[]; generations: GenerationRow[]; metrics: Record<string, unknown>[] };
  inspect: IndividualDetail;
  listRuns: RunListing[];
  openRun: RunReplay;
  export: { filename: string; mime: string; content: string };
  runSummary: RunSummary;
  resumeRun: { runDir: string; kind: RunKind; preset: string };
  inspectStored: IndividualDetail;
}

export type Response =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string };

/** Everything the host sends: responses and the session's events. */
export type HostMessage = Response | { event: SessionEvent };
