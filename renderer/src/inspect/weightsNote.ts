/** An individual's lifetime as the lineage records it. */
export interface Lifetime { id: number; born: number; died: number | null }

/** "generation 40", "generations 35 and 40", "generations 30, 35 and 40". */
function generationList(gs: readonly number[]): string {
  const sorted = [...gs].sort((a, b) => a - b);
  if (sorted.length === 1) return `generation ${sorted[0]}`;
  return `generations ${sorted.slice(0, -1).join(', ')} and ${sorted[sorted.length - 1]}`;
}

/**
 * Says plainly why an individual's weights cannot be shown: a run keeps the weights of
 * the living only in its checkpoints (each holds the population at one generation),
 * and, by default, only its latest checkpoint. Names the generations whose weights are
 * kept and the individual's lifetime, and how to keep more (`checkpointKeep`).
 */
export function weightsNotKept(r: Lifetime, checkpointGenerations: readonly number[] | undefined): string {
  const lived = r.died === null ? `was born in generation ${r.born}` : `lived from generation ${r.born} to ${r.died}`;
  const head = `The weights of #${r.id} were not kept (it ${lived}).`;
  if (!checkpointGenerations) return `${head} Only the living population and the run's checkpoints hold weights.`;
  if (!checkpointGenerations.length) return `${head} This run has no checkpoint yet; only the living population's weights can be shown.`;
  const kept = `The run's checkpoints hold the population living at ${generationList(checkpointGenerations)} only`;
  return `${head} ${kept}; a run made with a larger checkpointKeep keeps more past populations.`;
}
