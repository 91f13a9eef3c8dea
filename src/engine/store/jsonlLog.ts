import { Buffer } from 'node:buffer';
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { CheckpointError } from './errors';
import { writeFileAtomic } from './atomicWrite';

type JsonRecord = Record<string, unknown>;

/** Where a log ends: its complete lines and their bytes. */
export interface LogPosition { lines: number; bytes: number }

/**
 * An append-only JSON-lines log: one JSON object per line. A record counts as written
 * once its terminating newline is on disk, so a crash mid-write leaves at most one
 * unterminated final line, which readers drop and a reopened log cuts off.
 */
export class JsonlLog {
  readonly path: string;
  private fd: number | undefined;
  private pending: string[] = [];
  private written: LogPosition;

  /**
   * Opens (creating if needed) the log at `path` for appending. With `at` (a checkpoint's
   * record of the log), the log is cut back to exactly that position first, in O(1);
   * without it, only a torn final line is cut and the lines are counted.
   */
  constructor(path: string, at?: LogPosition) {
    this.path = path;
    this.fd = openSync(path, 'a+');
    const size = fstatSync(this.fd).size;
    if (at) {
      if (!Number.isSafeInteger(at.bytes) || at.bytes < 0 || at.bytes > size || (at.bytes > 0 && !endsLine(this.fd, at.bytes))) {
        closeSync(this.fd);
        this.fd = undefined;
        throw new CheckpointError(`${path}: the checkpoint's position (${at.lines} lines, ${at.bytes} bytes) is not the end of a line of this ${size}-byte log`);
      }
      ftruncateSync(this.fd, at.bytes);
      this.written = { ...at };
      return;
    }
    // Appending after a torn line would glue the next record onto it and corrupt the
    // middle of the file; cut the torn line first (readers drop it anyway).
    const committed = committedLength(this.fd);
    if (committed < size) ftruncateSync(this.fd, committed);
    this.written = { lines: countLines(this.fd, committed), bytes: committed };
  }

  /** Where the log ends: complete lines and bytes written (what a checkpoint records). */
  get position(): LogPosition { return { ...this.written }; }

  /** Buffers one record; nothing reaches the file until flush(). */
  append(record: object): void {
    if (this.fd === undefined) throw new Error(`JsonlLog.append: log ${this.path} is closed`);
    const line = JSON.stringify(record);
    if (typeof line !== 'string' || !line.startsWith('{')) {
      throw new TypeError(`JsonlLog.append(${this.path}): expected a plain object record, got ${line ?? typeof record}`);
    }
    this.pending.push(`${line}\n`);
  }

  /** Appends all buffered records with one write, then fsyncs so they survive a crash. */
  flush(): void {
    if (this.fd === undefined) throw new Error(`JsonlLog.flush: log ${this.path} is closed`);
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    writeFileSync(this.fd, text);
    fsyncSync(this.fd);
    this.written = { lines: this.written.lines + this.pending.length, bytes: this.written.bytes + Buffer.byteLength(text) };
    this.pending = [];
  }

  /** Flushes and closes the log; closing twice is harmless. */
  close(): void {
    if (this.fd === undefined) return;
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  /**
   * Reads every complete record of the log at `path`. An unterminated final line (a
   * crash mid-write) is dropped; a corrupt line before it throws, naming the line.
   */
  static readJsonl<T extends object = JsonRecord>(path: string): T[] {
    return readLines<T>(path).map((line) => line.record);
  }

  /**
   * Rewrites the log at `path` atomically, keeping only the records for which `keep`
   * is true, as they were written. Used on resume to drop rows logged after the
   * checkpoint; call it before opening a JsonlLog on the same path.
   */
  static truncateAfter<T extends object = JsonRecord>(
    path: string,
    keep: (record: T) => boolean,
  ): { kept: number; dropped: number } {
    const lines = readLines<T>(path);
    const kept = lines.filter((line) => keep(line.record));
    writeFileAtomic(path, kept.map((line) => `${line.text}\n`).join(''));
    return { kept: kept.length, dropped: lines.length - kept.length };
  }
}

function readLines<T>(path: string): { text: string; record: T }[] {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CheckpointError(`readJsonl: cannot read ${path}: ${(err as Error).message}`);
  }
  const texts = content.split('\n');
  texts.pop(); // '' after the final newline, or the torn line of an interrupted write
  return texts.map((text, i) => {
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (err) {
      const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
      throw new CheckpointError(`${path}: line ${i + 1} is not valid JSON (${(err as Error).message}): ${JSON.stringify(shown)}`);
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      const kind = record === null ? 'null' : Array.isArray(record) ? 'an array' : typeof record;
      throw new CheckpointError(`${path}: line ${i + 1} holds ${kind}, expected a JSON object`);
    }
    return { text, record: record as T };
  });
}

/** Byte length of the file up to and including its last newline, read backwards in chunks. */
function committedLength(fd: number): number {
  const chunk = Buffer.alloc(64 * 1024);
  let end = fstatSync(fd).size;
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    const n = readSync(fd, chunk, 0, end - start, start);
    const newline = chunk.subarray(0, n).lastIndexOf(0x0a);
    if (newline >= 0) return start + newline + 1;
    end = start;
  }
  return 0;
}

/** Whether the byte before `end` is a newline. */
function endsLine(fd: number, end: number): boolean {
  const b = Buffer.alloc(1);
  return readSync(fd, b, 0, 1, end - 1) === 1 && b[0] === 0x0a;
}

/** Newlines in the first `end` bytes (read once, when a log is opened without a checkpoint's position). */
function countLines(fd: number, end: number): number {
  const chunk = Buffer.alloc(64 * 1024);
  let lines = 0;
  for (let start = 0; start < end; start += chunk.length) {
    const n = readSync(fd, chunk, 0, Math.min(chunk.length, end - start), start);
    for (let i = 0; i < n; i++) if (chunk[i] === 0x0a) lines++;
  }
  return lines;
}
