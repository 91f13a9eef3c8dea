import type { GenerationRow } from '../../../src/protocol/messages';

/** Where a run stands: units done of the total, and the time left at the recent pace. */
export interface RunProgress {
  done: number;
  total: number | null;
  /** Seconds left, from the mean duration of the last few units; null when it cannot be told. */
  etaSeconds: number | null;
  /** Of the unit in progress: seconds since it began and its expected duration, for a within-unit bar. */
  unitElapsed: number | null;
  unitExpected: number | null;
}

/** Units whose mean duration predicts the next (recent pace, not the slow start). */
const PACE_WINDOW = 5;

/**
 * An evolution's progress from its generation rows (each carries its `seconds`), the
 * config's generation count and when the unit in progress began. `running` says
 * whether time is passing: a paused run has no ETA.
 */
export function evolutionProgress(rows: readonly GenerationRow[], total: number | null, unitStartedAt: number, now: number, running: boolean): RunProgress {
  const done = rows.length;
  // Rows read back from a run directory have no seconds where timings.jsonl is missing: no pace from those.
  const recent = rows.slice(-PACE_WINDOW).map((r) => r.seconds).filter((s): s is number => s !== undefined && Number.isFinite(s) && s > 0);
  const pace = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : null;
  const left = total === null ? null : Math.max(0, total - done);
  const elapsed = running ? Math.max(0, (now - unitStartedAt) / 1000) : null;
  const etaSeconds = pace === null || left === null || !running ? null : Math.max(0, left * pace - Math.min(elapsed ?? 0, pace));
  return { done, total, etaSeconds: left === 0 ? 0 : etaSeconds, unitElapsed: elapsed, unitExpected: pace };
}

/** "2 min 05 s", "45 s", "1 h 02 min". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
