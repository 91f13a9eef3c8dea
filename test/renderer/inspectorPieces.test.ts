/**
 * The inspector's pure pieces: who of an individual's line is alive today
 * (renderer/src/inspect/descendants.ts), and the note that says plainly why its weights
 * cannot be shown and which generations' are kept (renderer/src/inspect/weightsNote.ts).
 */
import { describe, expect, it } from 'vitest';
import { livingDescendants } from '../../renderer/src/inspect/descendants';
import { weightsNotKept } from '../../renderer/src/inspect/weightsNote';

/*
 * A synthetic lineage:      1 ─┬─ 2 ─┬─ 4
 *                              │     └─ 5 ── 7 ── 9
 *                              └─ 3 ── 6
 *                           8 (another founder)
 * alive: 3, 4, 8, 9 (1, 2, 5, 6, 7 died).
 */
const kids: Record<number, number[]> = { 1: [2, 3], 2: [4, 5], 3: [6], 5: [7], 7: [9] };
const children = (id: number) => kids[id] ?? [];
const alive = new Set([3, 4, 8, 9]);
const isAlive = (id: number) => alive.has(id);

describe('livingDescendants', () => {
  it('finds the living at any depth, in id order, skipping dead links between them', () => {
    expect(livingDescendants(1, children, isAlive)).toEqual([3, 4, 9]);
    expect(livingDescendants(2, children, isAlive)).toEqual([4, 9]);
    // #5 is dead, its grandchild #9 alive through dead #7.
    expect(livingDescendants(5, children, isAlive)).toEqual([9]);
  });

  it('never lists the individual itself, nor anyone outside its line', () => {
    expect(livingDescendants(3, children, isAlive)).toEqual([]);
    expect(livingDescendants(8, children, isAlive)).toEqual([]);
    expect(livingDescendants(6, children, isAlive)).toEqual([]);
  });

  it('ends on a malformed lineage that loops back (each id once)', () => {
    const looped = (id: number) => ({ 1: [2], 2: [1, 3], 3: [2, 3] } as Record<number, number[]>)[id] ?? [];
    expect(livingDescendants(1, looped, () => true)).toEqual([2, 3]);
  });

  it('agrees with a brute-force walk up from every individual on a random lineage', () => {
    // A seeded random forest of 400: each individual's parent is an earlier one (or none).
    let s = 12345;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const parent = new Map<number, number | null>();
    const forest = new Map<number, number[]>();
    const living = new Set<number>();
    for (let id = 0; id < 400; id++) {
      const p = id > 0 && rand() < 0.9 ? Math.floor(rand() * id) : null;
      parent.set(id, p);
      if (p !== null) forest.set(p, [...(forest.get(p) ?? []), id]);
      if (rand() < 0.3) living.add(id);
    }
    const isAncestor = (a: number, b: number) => {
      for (let x = parent.get(b) ?? null; x !== null; x = parent.get(x) ?? null) if (x === a) return true;
      return false;
    };
    for (const id of [0, 1, 7, 50, 199, 399]) {
      const expected = [...living].filter((x) => isAncestor(id, x)).sort((a, b) => a - b);
      expect(livingDescendants(id, (x) => forest.get(x) ?? [], (x) => living.has(x)), `#${id}`).toEqual(expected);
    }
  });
});

describe('weightsNotKept', () => {
  it('names the individual, its lifetime and the generations whose populations are kept, sorted', () => {
    expect(weightsNotKept({ id: 17, born: 3, died: 6 }, [40, 35]))
      .toBe('The weights of #17 were not kept (it lived from generation 3 to 6). The run\'s checkpoints hold the population living at generations 35 and 40 only; a run made with a larger checkpointKeep keeps more past populations.');
    expect(weightsNotKept({ id: 2, born: 0, died: 1 }, [40, 30, 35]))
      .toMatch(/\(it lived from generation 0 to 1\)\. The run's checkpoints hold the population living at generations 30, 35 and 40 only;/);
    expect(weightsNotKept({ id: 2, born: 0, died: 1 }, [40])).toMatch(/living at generation 40 only; a run made with a larger checkpointKeep/);
  });

  it('says "was born" for one still alive, and what holds weights when the host said nothing about checkpoints', () => {
    expect(weightsNotKept({ id: 9, born: 4, died: null }, undefined))
      .toBe('The weights of #9 were not kept (it was born in generation 4). Only the living population and the run\'s checkpoints hold weights.');
  });

  it('says a run without a checkpoint yet has only the living population\'s weights', () => {
    expect(weightsNotKept({ id: 1, born: 0, died: 0 }, []))
      .toBe('The weights of #1 were not kept (it lived from generation 0 to 0). This run has no checkpoint yet; only the living population\'s weights can be shown.');
  });

  it('does not reorder the caller\'s list', () => {
    const kept = [40, 35];
    weightsNotKept({ id: 1, born: 0, died: 2 }, kept);
    expect(kept).toEqual([40, 35]);
  });
});
