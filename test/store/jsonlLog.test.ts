import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/engine/store/errors';
import { JsonlLog } from '../../src/engine/store/jsonlLog';

const root = mkdtempSync(join(tmpdir(), 'quinarium-jsonl-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshPath = (): string => join(root, `log-${n++}.jsonl`);

describe('JsonlLog append / flush / read', () => {
  it('buffers until flush, then reads back every record in order', () => {
    const path = freshPath();
    const log = new JsonlLog(path);
    log.append({ step: 1, loss: 0.5 });
    log.append({ step: 2, loss: 0.25, tag: 'a\nb' });
    expect(readFileSync(path, 'utf8')).toBe('');
    log.flush();
    log.append({ step: 3, loss: null });
    log.close(); // close flushes the rest
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(4);
    expect(JsonlLog.readJsonl(path)).toEqual([
      { step: 1, loss: 0.5 },
      { step: 2, loss: 0.25, tag: 'a\nb' },
      { step: 3, loss: null },
    ]);
  });

  it('reopening appends after the existing records', () => {
    const path = freshPath();
    writeFileSync(path, '{"step":1}\n');
    const log = new JsonlLog(path);
    log.append({ step: 2 });
    log.close();
    expect(JsonlLog.readJsonl(path)).toEqual([{ step: 1 }, { step: 2 }]);
  });

  it('refuses records that are not objects and appends after close', () => {
    const log = new JsonlLog(freshPath());
    expect(() => log.append([1, 2])).toThrow(/JsonlLog\.append\(.*\): expected a plain object record, got \[1,2\]/);
    log.close();
    log.close();
    expect(() => log.append({ step: 1 })).toThrow(/JsonlLog\.append: log .* is closed/);
  });
});

describe('JsonlLog.readJsonl after a crash', () => {
  it('drops an unterminated final line', () => {
    const path = freshPath();
    writeFileSync(path, '{"step":1}\n{"step":2}\n{"step":3,"lo');
    expect(JsonlLog.readJsonl(path)).toEqual([{ step: 1 }, { step: 2 }]);
  });

  it('a log reopened after a crash cuts the torn line before appending', () => {
    const path = freshPath();
    // A torn line longer than the 64 KiB backwards-read chunk.
    writeFileSync(path, `{"step":1}\n{"step":2,"blob":"${'x'.repeat(70_000)}`);
    const log = new JsonlLog(path);
    log.append({ step: 2 });
    log.close();
    expect(readFileSync(path, 'utf8')).toBe('{"step":1}\n{"step":2}\n');
  });

  it('names the file and line of a corrupt line in the middle', () => {
    const path = freshPath();
    writeFileSync(path, '{"step":1}\n{"step":\n{"step":3}\n');
    expect(() => JsonlLog.readJsonl(path)).toThrow(CheckpointError);
    expect(() => JsonlLog.readJsonl(path)).toThrow(/log-\d+\.jsonl: line 2 is not valid JSON \(.*\): "\{\\"step\\":"/);
  });

  it('rejects lines that are JSON but not objects, and blank lines', () => {
    const path = freshPath();
    writeFileSync(path, '{"step":1}\n[1]\n');
    expect(() => JsonlLog.readJsonl(path)).toThrow(/line 2 holds an array, expected a JSON object/);
    writeFileSync(path, '{"step":1}\n\n{"step":2}\n');
    expect(() => JsonlLog.readJsonl(path)).toThrow(/line 2 is not valid JSON/);
  });

  it('names a missing file', () => {
    expect(() => JsonlLog.readJsonl(join(root, 'absent.jsonl'))).toThrow(/readJsonl: cannot read .*absent\.jsonl/);
  });
});

describe('JsonlLog.truncateAfter', () => {
  it('keeps only the chosen records, verbatim, and drops a torn tail', () => {
    const path = freshPath();
    writeFileSync(path, '{"step":1,"loss":1.0}\n{"step":2}\n{"step":3}\n{"step":4}\n{"step":5,"lo');
    const result = JsonlLog.truncateAfter<{ step: number }>(path, (r) => r.step <= 2);
    expect(result).toEqual({ kept: 2, dropped: 2 });
    // Kept lines are byte-identical (1.0 is not re-serialised as 1).
    expect(readFileSync(path, 'utf8')).toBe('{"step":1,"loss":1.0}\n{"step":2}\n');
    expect(readdirSync(root).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('resuming after a truncate yields no duplicated rows', () => {
    const path = freshPath();
    const first = new JsonlLog(path);
    for (let step = 1; step <= 6; step++) first.append({ step });
    first.close();
    // Checkpoint was at step 4: rows 5 and 6 are replayed by the resumed run.
    JsonlLog.truncateAfter<{ step: number }>(path, (r) => r.step <= 4);
    const resumed = new JsonlLog(path);
    for (let step = 5; step <= 7; step++) resumed.append({ step });
    resumed.close();
    expect(JsonlLog.readJsonl<{ step: number }>(path).map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
