/**
 * The timeline under the lineage and charts: which generation (epoch) its thumb shows.
 * Like "follow live", it follows the run's last generation until the user moves it
 * (then it stays "pinned" where they put it while the run grows); in a replay it is the
 * replayed generation.
 */
export interface TimelineInput {
  /** The last generation (epoch) the run has reached. */
  last: number;
  /** Where the user pinned the timeline, or null while it follows the run. */
  pinned: number | null;
  /** A replay's shown and last generation, when browsing a stored run. */
  replay: { upTo: number; last: number } | null;
  unit: 'generation' | 'epoch';
}

export interface TimelinePosition {
  max: number;
  value: number;
  /** True while the thumb follows the run's end (live) or a replay shows its last generation. */
  following: boolean;
  label: string;
}

export function timelinePosition(t: TimelineInput): TimelinePosition {
  if (t.replay) {
    const { upTo, last } = t.replay;
    return { max: last, value: upTo, following: upTo >= last, label: `${t.unit} ${upTo} of ${last}` };
  }
  const last = Math.max(0, t.last);
  if (t.pinned === null) return { max: last, value: last, following: true, label: `${t.unit} ${last} · following the run` };
  const value = Math.max(0, Math.min(last, t.pinned));
  return { max: last, value, following: false, label: `${t.unit} ${value} of ${last}` };
}

/**
 * One step of ←/→ from where the timeline stands (the run's end while it follows), kept
 * inside [0, last]; a step forward that reaches the run's end follows it again (null), as
 * a player does on reaching "live", so → never pins the timeline at a generation the
 * growing run leaves behind.
 */
export function stepTimeline(pinned: number | null, last: number, delta: number): number | null {
  const end = Math.max(0, last);
  const next = Math.max(0, Math.min(end, (pinned ?? end) + delta));
  return delta > 0 && next >= end ? null : next;
}
