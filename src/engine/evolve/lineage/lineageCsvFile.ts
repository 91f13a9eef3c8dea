/**
 * A run's lineage.csv, kept up to date each generation at a cost that does not grow
 * with the run (issue 12: rewriting the whole file every generation was quadratic in
 * the run's length). The file is the header, then the **dead** — appended once, when
 * they die, since a dead individual's row never changes again — then a **tail** of the
 * living, rewritten in place each generation. Rows are ordered by when they became
 * final (dead by generation of death, then id; the living by id); sorted by id they
 * are exactly `toAlifeCsv`'s export.
 *
 * A checkpoint records where the dead end (`bytes`) and how many they are; a resumed
 * run cuts the file back there and rewrites the living tail from the checkpoint, and
 * rebuilds the dead part of its lineage by reading them back (lineage.ts, fromParts).
 */
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { CheckpointError } from '../../store/errors';
import { ALIFE_HEADER, alifeCsvRow, parseAlifeCsv } from './alifeCsv';
import type { Individual } from './individual';
import type { Lineage } from './lineage';

/** Where the dead part of lineage.csv ends: what a checkpoint records. */
export interface DeadSection { count: number; bytes: number }

export class LineageCsvFile {
  private fd: number | undefined;
  private dead: DeadSection;

  private constructor(readonly path: string, fd: number, dead: DeadSection) {
    this.fd = fd;
    this.dead = dead;
  }

  /** A new lineage.csv holding only the header (replacing any file at `path`). */
  static create(path: string): LineageCsvFile {
    const fd = openSync(path, 'w+');
    const header = Buffer.from(ALIFE_HEADER);
    writeSync(fd, header, 0, header.length, 0);
    fsyncSync(fd);
    return new LineageCsvFile(path, fd, { count: 0, bytes: header.length });
  }

  /** lineage.csv written anew from a whole lineage (a format-1 checkpoint's): the dead by (death, id), then the living. */
  static rewrite(path: string, lineage: Lineage): LineageCsvFile {
    const dead = lineage.individuals().filter((i) => i.death !== null).sort((a, b) => a.death! - b.death! || a.id - b.id);
    const text = Buffer.from(ALIFE_HEADER + dead.map(alifeCsvRow).join(''));
    const fd = openSync(path, 'w+');
    writeSync(fd, text, 0, text.length, 0);
    const file = new LineageCsvFile(path, fd, { count: dead.length, bytes: text.length });
    file.update(lineage, []);
    return file;
  }

  /**
   * Reopens lineage.csv at a checkpoint: checks the file holds at least the recorded dead
   * part, reads those rows back (for the lineage), and cuts everything after them.
   */
  static resume(path: string, dead: DeadSection): { file: LineageCsvFile; deadRows: Individual[] } {
    let fd: number;
    try {
      fd = openSync(path, 'r+');
    } catch (err) {
      throw new CheckpointError(`${path}: cannot reopen the lineage (${(err as Error).message})`);
    }
    try {
      const deadRows = readDead(fd, path, dead);
      ftruncateSync(fd, dead.bytes);
      return { file: new LineageCsvFile(path, fd, { ...dead }), deadRows };
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  /** The dead a checkpoint recorded, read back without changing the file (what a reader of an old checkpoint needs). */
  static readDead(path: string, dead: DeadSection): Individual[] {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (err) {
      throw new CheckpointError(`${path}: cannot read the lineage (${(err as Error).message})`);
    }
    try {
      return readDead(fd, path, dead);
    } finally {
      closeSync(fd);
    }
  }

  /** The dead part as it stands (what a checkpoint records). */
  get deadSection(): DeadSection { return { ...this.dead }; }

  /**
   * Appends the rows of `newlyDead` (once: their rows are final), then rewrites the tail
   * of the living, and fsyncs. Costs O(newly dead + living), whatever the run's length.
   */
  update(lineage: Lineage, newlyDead: readonly number[]): void {
    if (this.fd === undefined) throw new Error(`LineageCsvFile.update: ${this.path} is closed`);
    const deadText = [...newlyDead].sort((a, b) => a - b).map((id) => {
      const ind = lineage.get(id);
      if (ind.death === null) throw new Error(`LineageCsvFile.update: individual ${id} is not dead`);
      return alifeCsvRow(ind);
    }).join('');
    const living = lineage.alive().sort((a, b) => a - b).map((id) => alifeCsvRow(lineage.get(id))).join('');
    const dead = Buffer.from(deadText);
    const tail = Buffer.from(living);
    // Written over the old tail, then cut to length: the file is never shorter than its dead part.
    const both = Buffer.concat([dead, tail]);
    writeSync(this.fd, both, 0, both.length, this.dead.bytes);
    ftruncateSync(this.fd, this.dead.bytes + both.length);
    fsyncSync(this.fd);
    this.dead = { count: this.dead.count + newlyDead.length, bytes: this.dead.bytes + dead.length };
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** The first `dead.count` rows (`dead.bytes` bytes, header included) of an open lineage.csv, checked. */
function readDead(fd: number, path: string, dead: DeadSection): Individual[] {
  const size = fstatSync(fd).size;
  if (!Number.isSafeInteger(dead.bytes) || dead.bytes < ALIFE_HEADER.length || dead.bytes > size) {
    throw new CheckpointError(`${path}: the checkpoint's lineage ends at byte ${dead.bytes}, but the file holds ${size} bytes (expected ${ALIFE_HEADER.length}…${size})`);
  }
  const buf = Buffer.alloc(dead.bytes);
  readSync(fd, buf, 0, dead.bytes, 0);
  const text = buf.toString('utf8');
  if (!text.startsWith(ALIFE_HEADER) || !text.endsWith('\n')) {
    throw new CheckpointError(`${path}: the first ${dead.bytes} bytes are not the header and whole rows the checkpoint recorded`);
  }
  let deadRows: Individual[];
  try {
    deadRows = parseAlifeCsv(text).map((r) => {
      if (r.destructionTime === null) throw new Error(`row of id ${r.id} is not dead (destruction_time inf)`);
      const m = [r.accuracy, r.lsr, r.srq, r.corr, r.meanAbsTheta, r.r2, r.srqFree, r.bits, r.gain, r.rmsTheta, r.innateAccuracy, r.transmissionR2, r.transmissionCorr];
      return {
        id: r.id, parent: r.ancestors[0] ?? null, generation: r.originTime, sigma: r.sigma, death: r.destructionTime,
        metrics: m.some((x) => x === null) ? null : {
          accuracy: r.accuracy!, lsr: r.lsr!, srq: r.srq!, corr: r.corr!, meanAbsTheta: r.meanAbsTheta!, r2: r.r2!, srqFree: r.srqFree!, bits: r.bits!,
          gain: r.gain!, rmsTheta: r.rmsTheta!, innateAccuracy: r.innateAccuracy!, transmissionR2: r.transmissionR2!, transmissionCorr: r.transmissionCorr!,
        },
      };
    });
  } catch (err) {
    throw new CheckpointError(`${path}: ${(err as Error).message}`);
  }
  if (deadRows.length !== dead.count) {
    throw new CheckpointError(`${path}: the checkpoint recorded ${dead.count} dead individuals in the first ${dead.bytes} bytes, the file holds ${deadRows.length}`);
  }
  return deadRows;
}
