import type { Lineage } from './lineage';

/**
 * The lineage as a Newick tree: nodes are named by id, a branch is as long as the
 * generations between the parent's birth and the child's. One founder gives its own
 * tree; several founders hang under an unnamed virtual root placed at generation 0,
 * each with branch length = its birth generation. Children are listed in birth order.
 *
 * Built iteratively (post-order with an explicit stack): a lineage of thousands of
 * generations is a path thousands deep, too deep for recursion.
 */
export function toNewick(lineage: Lineage): string {
  const individuals = lineage.individuals();
  if (individuals.length === 0) return ';';
  const roots = individuals.filter((ind) => ind.parent === null).map((ind) => ind.id);
  const text = new Map<number, string>();
  const label = (id: number): string => {
    const ind = lineage.get(id);
    const kids = lineage.children(id);
    const sub = kids.length > 0 ? `(${kids.map((c) => text.get(c)!).join(',')})` : '';
    const length = ind.parent === null ? (roots.length > 1 ? `:${ind.generation}` : '') : `:${ind.generation - lineage.get(ind.parent).generation}`;
    return `${sub}${id}${length}`;
  };
  for (const root of roots) {
    const stack: { id: number; expanded: boolean }[] = [{ id: root, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.expanded) {
        stack.pop();
        text.set(top.id, label(top.id));
      } else {
        top.expanded = true;
        for (const c of lineage.children(top.id)) stack.push({ id: c, expanded: false });
      }
    }
  }
  const trees = roots.map((r) => text.get(r)!);
  return (trees.length === 1 ? trees[0] : `(${trees.join(',')})`) + ';';
}
