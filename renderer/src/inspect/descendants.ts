/**
 * Every living descendant of `id` (children, grandchildren, … — not `id` itself), in
 * id order (birth order): who carries an individual's line today.
 */
export function livingDescendants(id: number, children: (id: number) => readonly number[], isAlive: (id: number) => boolean): number[] {
  const out: number[] = [];
  const seen = new Set<number>([id]);
  const queue = [...children(id)];
  while (queue.length) {
    const next = queue.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    if (isAlive(next)) out.push(next);
    queue.push(...children(next));
  }
  return out.sort((a, b) => a - b);
}
