/** The part of a Node write stream the bar needs, so tests can pass a recorder. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

export interface ProgressBarOptions {
  total: number;
  label: string;
  stream?: ProgressStream;
  /** Milliseconds clock; injected by tests. */
  now?: () => number;
}

type ProgressInfo = Record<string, string | number>;

// A terminal redraw costs little but flickers beyond ~10 Hz; a log file needs far
// fewer lines, so non-TTY output is throttled much harder.
const TTY_REDRAW_INTERVAL_MS = 100;
const LOG_LINE_INTERVAL_MS = 2000;
const BAR_WIDTH = 20;
const CLEAR_TO_END_OF_LINE = '\x1b[K';

/**
 * Progress of a long run. On a terminal it redraws one line in place (bar,
 * percent, done/total, elapsed, ETA from the average rate so far, info fields);
 * elsewhere (CI logs, pipes) it prints plain lines like
 * `[train] 3/30 loss=32.10 eta=12s`, at most one every 2 s plus the final one.
 */
export class ProgressBar {
  private readonly total: number;
  private readonly label: string;
  private readonly stream: ProgressStream;
  private readonly now: () => number;
  private readonly startedAt: number;
  private lastWrittenAt = -Infinity;
  private latest: { done: number; info: ProgressInfo } | undefined;
  private latestWritten = true;
  private finished = false;

  constructor({ total, label, stream = process.stderr, now = Date.now }: ProgressBarOptions) {
    if (!(Number.isFinite(total) && total > 0)) throw new Error(`ProgressBar: expected total > 0, got ${total}`);
    this.total = total;
    this.label = label;
    this.stream = stream;
    this.now = now;
    this.startedAt = now();
  }

  update(done: number, info: ProgressInfo = {}): void {
    if (this.finished) return;
    this.latest = { done, info };
    this.latestWritten = false;
    const interval = this.stream.isTTY ? TTY_REDRAW_INTERVAL_MS : LOG_LINE_INTERVAL_MS;
    const time = this.now();
    if (done >= this.total || time - this.lastWrittenAt >= interval) this.write(time);
  }

  /** Ends the bar: writes the latest state if throttling skipped it, then ends the line. */
  done(): void {
    if (this.finished) return;
    if (!this.latestWritten) this.write(this.now());
    if (this.stream.isTTY && this.latest !== undefined) this.stream.write('\n');
    this.finished = true;
  }

  private write(time: number): void {
    if (this.latest === undefined) return;
    this.lastWrittenAt = time;
    this.latestWritten = true;
    if (this.stream.isTTY) this.stream.write(`\r${this.terminalLine(time)}${CLEAR_TO_END_OF_LINE}`);
    else this.stream.write(`${this.logLine(time)}\n`);
  }

  private terminalLine(time: number): string {
    const { done, info } = this.latest!;
    const fraction = Math.min(1, Math.max(0, done / this.total));
    const filled = Math.round(fraction * BAR_WIDTH);
    const elapsed = time - this.startedAt;
    const eta = this.etaMs(done, elapsed);
    const parts = [
      this.label,
      `[${'='.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}]`,
      `${Math.floor(fraction * 100)}%`,
      `${done}/${this.total}`,
      formatDuration(elapsed),
      eta === undefined ? 'eta ?' : `eta ${formatDuration(eta)}`,
      ...Object.entries(info).map(([key, value]) => `${key} ${formatInfoValue(value)}`),
    ];
    // One column short of the width: writing into the last column wraps on some terminals.
    const width = Math.max(10, (this.stream.columns ?? 80) - 1);
    return truncate(parts.join('  '), width);
  }

  private logLine(time: number): string {
    const { done, info } = this.latest!;
    const elapsed = time - this.startedAt;
    const eta = this.etaMs(done, elapsed);
    const timing = done >= this.total ? `elapsed=${formatDuration(elapsed)}` : `eta=${eta === undefined ? '?' : formatDuration(eta)}`;
    const fields = Object.entries(info).map(([key, value]) => `${key}=${formatInfoValue(value)}`);
    return [`[${this.label}]`, `${done}/${this.total}`, ...fields, timing].join(' ');
  }

  /** Remaining time at the average rate so far; unknown before any progress. */
  private etaMs(done: number, elapsedMs: number): number | undefined {
    if (done <= 0) return undefined;
    return (elapsedMs * Math.max(0, this.total - done)) / done;
  }
}

/** `12s`, `3m05s`, `1h02m` — compact, and fixed-width enough not to jitter while counting. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

// Losses span 1e-6 to 1e6: two decimals where that is enough, three significant
// digits below 1, exponent notation for the tiny ones.
function formatInfoValue(value: string | number): string {
  if (typeof value === 'string' || Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1) return value.toFixed(2);
  if (magnitude >= 1e-3) return value.toPrecision(3);
  return value.toExponential(2);
}

function truncate(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}
