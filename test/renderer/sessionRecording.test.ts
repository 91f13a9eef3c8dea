/**
 * The contract between the demo's recording and the real host: a live tiny
 * session, driven exactly as the recorder drives it, must list the same presets,
 * describe the same config forms and send the same kinds of events with the same
 * fields as the stored recording the demo replays. When this fails, the schema or
 * the events changed: re-record with the command in the message (and review the diff).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../src/protocol/messages';
import stored from '../../renderer/src/client/fixtures/sessionRecording.json';
import type { RecordedRun, SessionRecording } from '../../renderer/src/client/sessionRecording';
import { RECORDED_RUNS, RERECORD_COMMAND, recordSession } from '../fixtures/recordSessionFixture';

const recording = stored as unknown as SessionRecording;
const STALE = `the stored recording is stale; re-record with: ${RERECORD_COMMAND}`;

/** The distinct key sets among `values` (each as its sorted keys joined), sorted. */
function keySets(values: readonly unknown[]): string[] {
  const sets = new Set(values.map((v) => (typeof v === 'object' && v !== null ? Object.keys(v).sort().join(',') : typeof v)));
  return [...sets].sort();
}

/** Every event of a run, in order: create, each unit, stop. */
const eventsOf = (run: RecordedRun): SessionEvent[] => [run.create, ...run.units, run.stop].flatMap((s) => s.events);

/** Per event type, the key sets its events have. */
function eventKeySets(events: readonly SessionEvent[]): Record<string, string[]> {
  const byType: Record<string, SessionEvent[]> = {};
  for (const e of events) (byType[e.type] ??= []).push(e);
  return Object.fromEntries(Object.entries(byType).map(([type, list]) => [type, keySets(list)]));
}

/** The key sets of the records the renderer reads, wherever they appear in a run. */
function rowKeySets(run: RecordedRun): { individuals: string[]; generations: string[]; metrics: string[] } {
  const events = eventsOf(run);
  const states = [run.create, ...run.units, run.stop].map((s) => s.state);
  const details = Object.values(run.inspect);
  return {
    individuals: keySets([
      ...events.flatMap((e) => (e.type === 'births' || e.type === 'population' ? e.individuals : [])),
      ...states.flatMap((s) => s.individuals),
      ...details.flatMap((d) => [d.individual, ...d.ancestry]),
    ]),
    generations: keySets([...events.flatMap((e) => (e.type === 'generation' ? [e.summary] : [])), ...states.flatMap((s) => s.generations)]),
    metrics: keySets([...events.flatMap((e) => (e.type === 'metrics' ? [e.row] : [])), ...states.flatMap((s) => s.metrics)]),
  };
}

describe('the demo recording matches what the real SessionHost emits now', () => {
  let outDir: string;
  let live: SessionRecording;
  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'quinarium-contract-'));
    live = await recordSession(outDir);
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('was recorded from the runs the recorder drives', () => {
    expect(recording.rerecord).toBe(RERECORD_COMMAND);
    expect(recording.runs.map((r) => ({ preset: r.preset, overrides: r.overrides })), STALE).toEqual(RECORDED_RUNS);
  });

  it('lists the same presets', () => {
    expect(recording.listPresets, STALE).toEqual(live.listPresets);
  });

  it("describes every preset's config with the same fields (paths, kinds, limits) and values", () => {
    expect(Object.keys(recording.describeConfig).sort(), STALE).toEqual(Object.keys(live.describeConfig).sort());
    for (const [preset, described] of Object.entries(live.describeConfig)) {
      const old = recording.describeConfig[preset];
      expect(old.fields.map((f) => `${f.path}:${f.kind}`), `${preset} field paths and kinds; ${STALE}`).toEqual(described.fields.map((f) => `${f.path}:${f.kind}`));
      expect(old.fields, `${preset} fields; ${STALE}`).toEqual(described.fields);
      expect(old.values, `${preset} values; ${STALE}`).toEqual(described.values);
    }
  });

  it('sends the same events, in the same order, with the same keys per event type', () => {
    expect(live.runs.map((r) => r.preset)).toEqual(recording.runs.map((r) => r.preset));
    for (const [i, run] of live.runs.entries()) {
      const old = recording.runs[i];
      expect(old.units.length, `${run.preset} units; ${STALE}`).toBe(run.units.length);
      const types = (r: RecordedRun) => [r.create, ...r.units, r.stop].map((s) => s.events.map((e) => (e.type === 'status' ? `status:${e.state}` : e.type)));
      expect(types(old), `${run.preset} event types per step; ${STALE}`).toEqual(types(run));
      expect(eventKeySets(eventsOf(old)), `${run.preset} event keys; ${STALE}`).toEqual(eventKeySets(eventsOf(run)));
      expect(rowKeySets(old), `${run.preset} row keys; ${STALE}`).toEqual(rowKeySets(run));
    }
  });

  it('answers the replayed requests with results of the same shape', () => {
    for (const [i, run] of live.runs.entries()) {
      const old = recording.runs[i];
      const steps = (r: RecordedRun) => [r.create, ...r.units, r.stop];
      expect(keySets(steps(old).map((s) => s.result)), `${run.preset} control results; ${STALE}`).toEqual(keySets(steps(run).map((s) => s.result)));
      expect(keySets(steps(old).map((s) => s.state)), `${run.preset} state; ${STALE}`).toEqual(keySets(steps(run).map((s) => s.state)));
      expect(keySets(Object.values(old.inspect)), `${run.preset} inspect; ${STALE}`).toEqual(keySets(Object.values(run.inspect)));
      expect(Object.keys(old.exports).sort(), `${run.preset} exports; ${STALE}`).toEqual(Object.keys(run.exports).sort());
      // The ALife CSV's header line is its schema: its columns.
      const header = (r: RecordedRun) => r.exports['alife-csv']?.content.split('\n')[0];
      expect(header(old), `${run.preset} ALife CSV columns; ${STALE}`).toBe(header(run));
    }
    expect(keySets(recording.listRuns), STALE).toEqual(keySets(live.listRuns));
    expect(keySets(Object.values(recording.openRun)), STALE).toEqual(keySets(Object.values(live.openRun)));
  });
});
