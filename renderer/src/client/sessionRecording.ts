/**
 * The shape of a recorded real session (renderer/src/client/fixtures/sessionRecording.json),
 * written by test/fixtures/recordSessionFixture.ts from the real SessionHost and
 * replayed by replayClient.ts for `?demo=1`. Every result and event in it is what
 * the host answered and sent; only weight matrices are thinned (see the recorder).
 */
import type { ExportFormat, IndividualDetail, ResultOf, RunListing, RunReplay, SessionEvent } from '../../../src/protocol/messages';

/** One control request's answer, the events it caused, and `state` right after it. */
export interface RecordedStep<R = { state: string }> {
  result: R;
  events: SessionEvent[];
  state: ResultOf['state'];
}

/** One tiny run, created and stepped unit by unit until done. */
export interface RecordedRun {
  preset: string;
  kind: 'paper' | 'evolution';
  overrides: Record<string, unknown>;
  create: RecordedStep<ResultOf['create']>;
  /** One entry per `step`: one generation, or one paper epoch (the first is the initial measurement). */
  units: RecordedStep[];
  /** The `stop` after the last unit (a finished run answers with its final state and sends nothing). */
  stop: RecordedStep;
  /** `inspect` of every individual of the final state, by id (evolution runs only). */
  inspect: Record<string, IndividualDetail>;
  /** `export` of the finished lineage in each format (evolution runs only). */
  exports: Partial<Record<ExportFormat, ResultOf['export']>>;
}

export interface SessionRecording {
  /** How to make it again; the contract test (test/renderer/sessionRecording.test.ts) fails when it is stale. */
  rerecord: string;
  listPresets: ResultOf['listPresets'];
  /** describeConfig of every listed preset, by name. */
  describeConfig: Record<string, ResultOf['describeConfig']>;
  runs: RecordedRun[];
  /** listRuns after both runs, and openRun of each listed directory. */
  listRuns: RunListing[];
  openRun: Record<string, RunReplay>;
}
