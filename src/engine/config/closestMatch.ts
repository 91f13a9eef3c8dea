/**
 * The candidate nearest to a mistyped name, for "did you mean" hints in config
 * and command-line errors; undefined when nothing is close enough to be a
 * plausible typo.
 */
export function closestMatch(name: string, candidates: Iterable<string>): string | undefined {
  // About one edit per three characters (at least one), so real typos get a
  // suggestion and unrelated words, short ones especially, do not.
  const allowed = Math.max(1, Math.floor(name.length / 3));
  const typed = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  let bestKept = -1;
  for (const candidate of candidates) {
    const lowered = candidate.toLowerCase();
    const distance = editDistance(typed, lowered);
    // On a tie, prefer the candidate that keeps more of what was typed:
    // "adamx" is "adamax" missing a letter more plausibly than "adam" plus one.
    const kept = commonSubsequenceLength(typed, lowered);
    if (distance < bestDistance || (distance === bestDistance && kept > bestKept)) {
      best = candidate;
      bestDistance = distance;
      bestKept = kept;
    }
  }
  return bestDistance <= allowed ? best : undefined;
}

/** Levenshtein distance: the fewest single-character insertions, deletions or substitutions turning a into b. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Length of the longest common subsequence of a and b. */
function commonSubsequenceLength(a: string, b: string): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = [0];
    for (let j = 1; j <= b.length; j++) {
      current.push(a[i - 1] === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]));
    }
    previous = current;
  }
  return previous[b.length];
}
