/**
 * The timeline under the lineage (renderer/src/app/timeline.ts) and the model state it
 * drives: where its thumb stands while it follows a live run, once the user pins it, and
 * in a replay; what ←/→ step to; and the model's pin, hover and linked chart zoom.
 */
import { describe, expect, it } from 'vitest';
import { RunModel, type ModelChange } from '../../renderer/src/app/runModel';
import { stepTimeline, timelinePosition } from '../../renderer/src/app/timeline';
import type { GenerationRow } from '../../src/protocol/messages';

describe('timelinePosition', () => {
  it('follows the last generation of a live run until it is pinned', () => {
    expect(timelinePosition({ last: 12, pinned: null, replay: null, unit: 'generation' }))
      .toEqual({ max: 12, value: 12, following: true, label: 'generation 12 · following the run' });
    expect(timelinePosition({ last: 12, pinned: 5, replay: null, unit: 'generation' }))
      .toEqual({ max: 12, value: 5, following: false, label: 'generation 5 of 12' });
  });

  it('keeps a pinned thumb inside [0, last], and a pin at the end still stays put (it does not follow)', () => {
    expect(timelinePosition({ last: 12, pinned: 40, replay: null, unit: 'generation' })).toMatchObject({ value: 12, following: false, label: 'generation 12 of 12' });
    expect(timelinePosition({ last: 12, pinned: -3, replay: null, unit: 'generation' })).toMatchObject({ value: 0, label: 'generation 0 of 12' });
  });

  it('starts at 0 before any generation, in epochs for a paper run', () => {
    expect(timelinePosition({ last: -1, pinned: null, replay: null, unit: 'epoch' }))
      .toEqual({ max: 0, value: 0, following: true, label: 'epoch 0 · following the run' });
  });

  it('shows the replayed generation in a replay, following only at its last generation; a pin is ignored there', () => {
    expect(timelinePosition({ last: 99, pinned: 4, replay: { upTo: 3, last: 9 }, unit: 'generation' }))
      .toEqual({ max: 9, value: 3, following: false, label: 'generation 3 of 9' });
    expect(timelinePosition({ last: 99, pinned: null, replay: { upTo: 9, last: 9 }, unit: 'generation' })).toMatchObject({ value: 9, following: true });
  });
});

describe('stepTimeline (←/→)', () => {
  it('steps from the run\'s end while following, from the pin otherwise', () => {
    expect(stepTimeline(null, 10, -1)).toBe(9);
    expect(stepTimeline(4, 10, -1)).toBe(3);
    expect(stepTimeline(4, 10, 1)).toBe(5);
  });

  it('stays inside [0, last]', () => {
    expect(stepTimeline(0, 10, -1)).toBe(0);
    expect(stepTimeline(null, -1, -1)).toBe(0);
    expect(stepTimeline(10, 10, -1)).toBe(9);
  });

  // Before: → while following pinned the timeline at the end, and the growing run left it behind.
  it('a step forward onto the run\'s end follows the run again', () => {
    expect(stepTimeline(null, 10, 1)).toBeNull();
    expect(stepTimeline(9, 10, 1)).toBeNull();
    expect(stepTimeline(10, 10, 1)).toBeNull();
    expect(stepTimeline(8, 10, 1)).toBe(9);
  });
});

/** An evolution model that has logged generations 0 … last (only the generation numbers matter here). */
function modelAt(last: number): { model: RunModel; changes: string[] } {
  const model = new RunModel();
  model.reset('evolution', 'evo/default', '/runs/x', 'running');
  model.generations = Array.from({ length: last + 1 }, (_, g) => ({ generation: g }) as GenerationRow);
  const changes: string[] = [];
  model.onChange((c: ReadonlySet<ModelChange>) => changes.push([...c].join('+')));
  return { model, changes };
}

describe('RunModel: the timeline pin, the hover cursor and the linked zoom', () => {
  it('pins the timeline and the cursor together, clamped and rounded to a logged generation', () => {
    const { model, changes } = modelAt(9);
    expect(model.lastGeneration).toBe(9);
    model.pin(5);
    expect([model.pinned, model.cursor]).toEqual([5, 5]);
    expect(changes.length).toBeGreaterThan(0);
    model.pin(30);
    expect([model.pinned, model.cursor]).toEqual([9, 9]);
    model.pin(2.6);
    expect([model.pinned, model.cursor]).toEqual([3, 3]);
    model.pin(null);
    expect([model.pinned, model.cursor]).toEqual([null, null]);
  });

  it('moves the cursor under the pointer without moving the pin, and goes back to the pin when the pointer leaves', () => {
    const { model } = modelAt(9);
    model.pin(4);
    model.hoverAt(7.2);
    expect([model.pinned, model.cursor]).toEqual([4, 7]);
    model.hoverAt(null);
    expect([model.pinned, model.cursor]).toEqual([4, 4]);
    model.pin(null);
    model.hoverAt(2);
    model.hoverAt(null);
    expect(model.cursor).toBeNull();
  });

  it('emits one zoom change per new range (an equal range is no change), and a new run starts unzoomed and following', () => {
    const { model, changes } = modelAt(9);
    model.setZoom([2, 5]);
    model.setZoom([2, 5]);
    expect(changes).toEqual(['zoom']);
    expect(model.zoom).toEqual([2, 5]);
    model.setZoom(null);
    expect(changes).toEqual(['zoom', 'zoom']);
    model.setZoom([1, 3]);
    model.pin(2);
    model.reset('evolution', 'evo/default', '/runs/y');
    expect([model.zoom, model.pinned, model.cursor]).toEqual([null, null, null]);
  });
});
