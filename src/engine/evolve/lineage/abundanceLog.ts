import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { writeFileAtomic } from '../../store/atomicWrite';
import { CheckpointError } from '../../store/errors';
import type { Lineage } from './lineage';

/**
 * abundance.csv: how many of the living each founder clade holds, generation by
 * generation — ggmuller's Muller-plot input (its `pop_df` is Generation, Identity,
 * Population; its `edges` are Parent, Identity) in one table.
 *
 * What `id` is: a founder clade, named by its founder's id (lineage.csv's `ancestor_id`),
 * not an individual. Every individual is a distinct genome here (each child is mutated),
 * so an individual's "population" would always be 1; the clade is what grows and
 * shrinks, and the founders are the only ids a run of any length keeps few of (the
 * table grows by one row per surviving clade per generation, not by the population).
 * Individual abundances are in lineage.csv (origin_time, destruction_time). `parent` is
 * empty: founders have no parent (they are lineage.csv's `[None]` roots). A generation
 * lists the clades with living members only (population > 0), by founder id.
 *
 * ggmuller wants one root and every identity in every generation; in base R:
 *
 *   ab <- read.csv("abundance.csv")
 *   ids <- c("root", as.character(unique(ab$id)))
 *   edges <- data.frame(Parent = "root", Identity = ids[-1])
 *   pop <- expand.grid(Generation = unique(ab$generation), Identity = ids, stringsAsFactors = FALSE)
 *   hit <- match(paste(pop$Generation, pop$Identity), paste(ab$generation, ab$id))
 *   pop$Population <- ifelse(is.na(hit), 0, ab$population[hit])
 *   Muller_plot(get_Muller_df(edges, pop))
 *
 * Written append-only, one flush (with fsync) per generation. A resumed run keeps the
 * rows of the generations its checkpoint had finished and redoes the rest, as
 * events.jsonl and generations.jsonl are cut back, so the file of a killed and resumed
 * run is byte for byte that of an uninterrupted one.
 */
export const ABUNDANCE_HEADER = 'generation,id,parent,population';

/** One generation's rows: a clade per line, by founder id. */
export function abundanceRows(generation: number, sizes: ReadonlyMap<number, number>): string {
  let out = '';
  for (const [founder, count] of [...sizes].sort((a, b) => a[0] - b[0])) {
    if (count > 0) out += `${generation},${founder},,${count}\n`;
  }
  return out;
}

export class AbundanceLog {
  private fd: number | undefined;
  private pending = '';

  /**
   * Opens abundance.csv at `path` to continue from generation `from`: rows of later
   * generations (written after the checkpoint) and a torn last line are cut. A run
   * resumed from a checkpoint written before this file existed gets its earlier rows
   * rebuilt from `lineage` (who was present in each generation).
   */
  constructor(readonly path: string, from: number, lineage: Lineage) {
    const kept = existsSync(path) ? keptRows(path, readFileSync(path, 'utf8'), from) : `${ABUNDANCE_HEADER}\n${rebuiltRows(lineage, from)}`;
    if (!existsSync(path) || readFileSync(path, 'utf8') !== kept) writeFileAtomic(path, kept);
    this.fd = openSync(path, 'a');
  }

  /** Buffers generation `generation`'s rows; nothing reaches the file until flush(). */
  append(generation: number, sizes: ReadonlyMap<number, number>): void {
    if (this.fd === undefined) throw new Error(`AbundanceLog.append: ${this.path} is closed`);
    this.pending += abundanceRows(generation, sizes);
  }

  flush(): void {
    if (this.fd === undefined || this.pending === '') return;
    writeSync(this.fd, this.pending);
    fsyncSync(this.fd);
    this.pending = '';
  }

  close(): void {
    if (this.fd === undefined) return;
    try { this.flush(); } finally { closeSync(this.fd); this.fd = undefined; }
  }
}

/** The header and the complete rows of generations before `from`. */
function keptRows(path: string, text: string, from: number): string {
  const lines = text.split('\n');
  lines.pop(); // '' after the last newline, or a torn line
  const [header, ...rows] = lines;
  if (header !== ABUNDANCE_HEADER) throw new CheckpointError(`${path}: must begin with the header ${ABUNDANCE_HEADER} (got ${JSON.stringify(header ?? '')})`);
  return [header, ...rows.filter((r) => Number(r.slice(0, r.indexOf(','))) < from)].map((l) => `${l}\n`).join('');
}

/** The rows of generations 0 … from − 1 from the lineage: each individual counts in the generations it was present. */
function rebuiltRows(lineage: Lineage, from: number): string {
  const perGeneration = Array.from({ length: from }, () => new Map<number, number>());
  for (const ind of lineage.individuals()) {
    const root = lineage.rootOf(ind.id);
    for (let g = ind.generation; g < Math.min(ind.death ?? from, from); g++) perGeneration[g].set(root, (perGeneration[g].get(root) ?? 0) + 1);
  }
  return perGeneration.map((sizes, g) => abundanceRows(g, sizes)).join('');
}
