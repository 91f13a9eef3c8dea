import { describe, expect, it } from 'vitest';
import { formatDuration, ProgressBar, type ProgressStream } from '../../src/cli/progressBar';

/** A stream that records writes, with a settable clock beside it. */
function recorder(isTTY: boolean, columns = 200) {
  const chunks: string[] = [];
  const stream: ProgressStream = { isTTY, columns, write: (chunk: string) => chunks.push(chunk) };
  const clock = { ms: 0 };
  return { chunks, stream, clock, now: () => clock.ms };
}

describe('ProgressBar on a terminal', () => {
  it('redraws one line with \\r, showing bar, percent, counts, elapsed, ETA from the average rate and info', () => {
    const { chunks, stream, clock, now } = recorder(true);
    const bar = new ProgressBar({ total: 100, label: 'train', stream, now });
    clock.ms = 10_000;
    bar.update(10, { loss: 32.1 });
    // 10 of 100 in 10 s is 1 per second, so 90 remaining take 90 s = 1m30s.
    expect(chunks).toEqual([`\rtrain  [==                  ]  10%  10/100  10s  eta 1m30s  loss 32.10\x1b[K`]);
  });

  it('redraws at most every 100 ms, but always draws the final update, and done() ends the line', () => {
    const { chunks, stream, clock, now } = recorder(true);
    const bar = new ProgressBar({ total: 4, label: 'gen', stream, now });
    clock.ms = 1000;
    bar.update(1);
    clock.ms = 1050;
    bar.update(2); // throttled: 50 ms after the last redraw
    clock.ms = 1100;
    bar.update(3);
    clock.ms = 1120;
    bar.update(4); // final: drawn despite the throttle
    bar.done();
    expect(chunks.map((chunk) => /\d\/4/.exec(chunk)?.[0] ?? chunk)).toEqual(['1/4', '3/4', '4/4', '\n']);
    expect(chunks.slice(0, 3).every((chunk) => chunk.startsWith('\r'))).toBe(true);
  });

  it('truncates the line to the terminal width', () => {
    const { chunks, stream, now } = recorder(true, 60);
    const bar = new ProgressBar({ total: 10, label: 'train', stream, now });
    bar.update(0, { loss: 90.16, accuracy: 0.5, phase: 'regenerating' });
    const full = `train  [${' '.repeat(20)}]  0%  0/10  0s  eta ?  loss 90.16  accuracy 0.500  phase regenerating`;
    // One column is left free, since writing the last column wraps on some terminals.
    expect(chunks).toEqual([`\r${full.slice(0, 58)}…\x1b[K`]);
  });
});

describe('ProgressBar in a log (not a terminal)', () => {
  it('prints plain lines at most every 2 s, plus the final one', () => {
    const { chunks, stream, clock, now } = recorder(false);
    const bar = new ProgressBar({ total: 30, label: 'train', stream, now });
    clock.ms = 1000;
    bar.update(1, { loss: 32.1 });
    clock.ms = 2000;
    bar.update(2, { loss: 31 }); // throttled: 1 s since the last line
    clock.ms = 3000;
    bar.update(3, { loss: 0.0045 });
    clock.ms = 3500;
    bar.update(30, { loss: 0.00001 }); // final: printed despite the throttle
    bar.done();
    expect(chunks).toEqual([
      '[train] 1/30 loss=32.10 eta=29s\n', // 1 per second, 29 remaining
      '[train] 3/30 loss=0.00450 eta=27s\n', // 3 in 3 s, 27 remaining
      '[train] 30/30 loss=1.00e-5 elapsed=4s\n', // 3.5 s rounds to 4 s
    ]);
  });

  it('done() prints the latest state when throttling skipped it', () => {
    const { chunks, stream, clock, now } = recorder(false);
    const bar = new ProgressBar({ total: 10, label: 'eval', stream, now });
    bar.update(0);
    clock.ms = 500;
    bar.update(4, { step: 7 });
    bar.done();
    bar.done(); // idempotent
    expect(chunks).toEqual(['[eval] 0/10 eta=?\n', '[eval] 4/10 step=7 eta=1s\n']);
  });
});

describe('formatDuration', () => {
  it('writes seconds, minutes with padded seconds, and hours with padded minutes', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(12_000)).toBe('12s');
    expect(formatDuration(185_000)).toBe('3m05s');
    expect(formatDuration(59_600)).toBe('1m00s'); // rounds to 60 s before choosing the unit
    expect(formatDuration(3_720_000)).toBe('1h02m');
    expect(formatDuration(36_000_000)).toBe('10h00m');
  });
});
