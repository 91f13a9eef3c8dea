/**
 * The pure pieces behind the app's researcher tools (issue 14): shortcuts, smoothing,
 * progress and ETA, run comparison, the lineage's filter, MRCA, children and size
 * scale, the level-of-detail raster and the reconnection schedule. Each is checked
 * against a case worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import type { GenerationRow, IndividualRow } from '../../src/protocol/messages';
import { keyAction } from '../../renderer/src/app/keyboard';
import { smoothSeries } from '../../renderer/src/charts/smoothing';
import { evolutionProgress, formatDuration } from '../../renderer/src/app/runProgress';
import { configDiff, flattenConfig, runLabels, scienceConfig } from '../../renderer/src/app/runComparison';
import { LineageLayout } from '../../renderer/src/lineage/lineageLayout';
import { buildEdgeLines, buildNodePoints } from '../../renderer/src/lineage/lineageGeometry';
import { rasteriseLineage } from '../../renderer/src/lineage/lineageRaster';
import { learningRateHint } from '../../renderer/src/app/configForm';
import { reconnectDelay } from '../../renderer/src/client/webSocketClient';
import { scatterExtent } from '../../renderer/src/inspect/replicationScatter';

function row(id: number, parent: number | null, born: number, extra: Partial<IndividualRow> = {}): IndividualRow {
  return { id, parent, born, died: null, accuracy: null, lsr: null, srq: null, corr: null, meanAbsTheta: null, r2: null, rmsTheta: null, bits: null, innateAccuracy: null, transmissionR2: null, sigma: 0, ...extra };
}

describe('keyboard shortcuts', () => {
  const target = (tagName: string, type?: string) => ({ tagName, type, closest: () => null, isContentEditable: false }) as unknown as EventTarget;
  it('maps Space, S, F, the arrows and Esc, and leaves typing and chords alone', () => {
    expect(keyAction({ key: ' ', target: target('CANVAS') })).toBe('toggle-run');
    expect(keyAction({ key: 's' })).toBe('step');
    expect(keyAction({ key: 'S' })).toBe('step');
    expect(keyAction({ key: 'f' })).toBe('fit');
    expect(keyAction({ key: 'ArrowLeft' })).toBe('previous');
    expect(keyAction({ key: 'ArrowRight' })).toBe('next');
    expect(keyAction({ key: 'Escape', target: target('INPUT', 'text') })).toBe('close');
    expect(keyAction({ key: 's', target: target('INPUT', 'number') })).toBeNull();
    expect(keyAction({ key: ' ', target: target('SELECT') })).toBeNull();
    expect(keyAction({ key: ' ', target: target('BUTTON') })).toBeNull();
    expect(keyAction({ key: 'ArrowRight', target: target('INPUT', 'range') })).toBeNull();
    expect(keyAction({ key: 's', ctrlKey: true })).toBeNull();
    expect(keyAction({ key: 'x' })).toBeNull();
  });
});

describe('chart smoothing', () => {
  it('is the debiased exponential moving average (by hand: w = 0.5)', () => {
    // m1 = 0.5·0 + 0.5·2 = 1, s1 = 1 / (1 − 0.5) = 2; m2 = 0.5·1 + 0.5·4 = 2.5, s2 = 2.5 / 0.75; NaN stays a gap and is skipped.
    const s = smoothSeries([2, 4, Number.NaN, 4], 0.5);
    expect(s[0]).toBeCloseTo(2, 12);
    expect(s[1]).toBeCloseTo(10 / 3, 12);
    expect(Number.isNaN(s[2])).toBe(true);
    // m3 = 0.5·2.5 + 0.5·4 = 3.25, s = 3.25 / (1 − 0.5³).
    expect(s[3]).toBeCloseTo(3.25 / 0.875, 12);
    expect(smoothSeries([1, 5], 0)).toEqual([1, 5]);
  });
});

describe('run progress', () => {
  const rows = (seconds: number[]): GenerationRow[] => seconds.map((s, g) => ({ generation: g, seconds: s }) as GenerationRow);
  it('predicts the time left from the recent pace, minus the time already spent on the unit in progress', () => {
    // Last five generations average 3 s; 10 left; 1 s into the next: 10·3 − 1 = 29 s.
    const p = evolutionProgress(rows([10, 10, 3, 3, 3, 3, 3]), 17, 1000, 2000, true);
    expect(p.done).toBe(7);
    expect(p.unitExpected).toBeCloseTo(3, 12);
    expect(p.etaSeconds).toBeCloseTo(29, 9);
    expect(evolutionProgress(rows([3]), 17, 0, 0, false).etaSeconds).toBeNull();
    expect(evolutionProgress(rows([3, 3]), 2, 0, 0, true).etaSeconds).toBe(0);
    expect(evolutionProgress(rows([]), 10, 0, 0, true).etaSeconds).toBeNull();
    expect([formatDuration(45), formatDuration(125), formatDuration(3720)]).toEqual(['45 s', '2 min 05 s', '1 h 02 min']);
  });
});

describe('run comparison', () => {
  it('lists exactly the config fields that differ, with each run\'s value', () => {
    const a = { population: 8, selection: { method: 'tournament', accuracyWeight: 1, replicationWeight: 0.1 }, seed: 0 };
    const b = { population: 8, selection: { method: 'tournament', accuracyWeight: 1, replicationWeight: 0 }, seed: 0 };
    const c = { population: 8, selection: { method: 'tournament', accuracyWeight: 0, replicationWeight: 1 }, seed: 0, extra: [1, 2] };
    expect(configDiff([a, b, c])).toEqual([
      { path: 'selection.accuracyWeight', values: ['1', '1', '0'] },
      { path: 'selection.replicationWeight', values: ['0.1', '0', '1'] },
      { path: 'extra', values: ['—', '—', '[1,2]'] },
    ]);
    expect(configDiff([a, a])).toEqual([]);
    expect([...flattenConfig({ x: { y: 'z' } })]).toEqual([['x.y', 'z']]);
    expect(scienceConfig({ kind: 'evolution', config: { config: a } })).toBe(a);
    expect(scienceConfig({ kind: 'paper', config: { arms: [{ arm: 'adamax', config: { epochs: 3 } }, { arm: 'sgd', config: {} }] } })).toEqual({ epochs: 3, arms: 'adamax, sgd' });
  });

  it('labels runs by preset, adding the seed (then the time) only where names repeat', () => {
    expect(runLabels([
      { name: 'evo/default', seed: 0, created: '2026-12-05T10:00:00.000Z' },
      { name: 'evo/default', seed: 1, created: '2026-12-05T10:01:00.000Z' },
      { name: 'evo/task-only', seed: 0, created: '2026-12-05T10:02:00.000Z' },
    ])).toEqual(['evo/default s0', 'evo/default s1', 'evo/task-only']);
  });
});

describe('lineage filter, MRCA, children and size scale', () => {
  // 0 → 1 → 3 (alive), 1 → 4 (alive); 0 → 2 (dead, childless); 5 founder (dead, extinct).
  const rows = [row(0, null, 0, { died: 1 }), row(5, null, 0, { died: 1 }), row(1, 0, 1, { died: 2 }), row(2, 0, 1, { died: 2 }), row(3, 1, 2), row(4, 1, 2)];

  it('finds the MRCA of the living (the youngest common ancestor) and each node\'s children', () => {
    const layout = new LineageLayout();
    layout.upsert(rows);
    expect(layout.mrca).toBe(1);
    expect(layout.children(0)).toEqual([1, 2]);
    expect(layout.children(1)).toEqual([3, 4]);
    expect(layout.children(3)).toEqual([]);
    // With one survivor, it is its own MRCA; with two surviving founders there is none.
    layout.setDeaths([4], 3);
    expect(layout.mrca).toBe(3);
    const two = new LineageLayout();
    two.upsert([row(0, null, 0), row(1, null, 0)]);
    expect(two.mrca).toBeNull();
  });

  it("shows only the survivors' ancestry when asked, in the geometry and in hit-testing", () => {
    const layout = new LineageLayout({ filter: 'survivors' });
    layout.upsert(rows);
    layout.update();
    const shown = [0, 1, 2, 3, 4, 5].filter((id) => layout.shown[layout.indexOf(id)]);
    expect(shown).toEqual([0, 1, 3, 4]);
    const points = buildNodePoints(layout);
    expect([...points.order].map((i) => layout.idAt(i)).sort()).toEqual([0, 1, 3, 4]);
    expect(points.extinct).toBe(0);
    // Edges: 0→1, 1→3, 1→4, no edge to the hidden 2.
    expect(buildEdgeLines(layout).count).toBe(3);
    const p2 = layout.position(2)!;
    expect(layout.nodeAt(p2.x, p2.y, 0.1, 0.1)).toBeNull();
    layout.setFilter('all');
    expect(layout.nodeAt(p2.x, p2.y, 0.1, 0.1)).toBe(2);
  });

  it('sizes by any metric on its 5th..95th percentile scale', () => {
    const layout = new LineageLayout({ sizeBy: 'born' });
    layout.upsert(rows);
    layout.update();
    // Born 0, 0, 1, 1, 2, 2: nearest-rank 5th and 95th percentiles are 0 and 2.
    expect(layout.sizeDomain).toEqual([0, 2]);
    expect([0, 1, 3].map((id) => layout.size[layout.indexOf(id)])).toEqual([0, 0.5, 1]);
    expect(layout.sizeBy.label).toBe('birth generation');
  });
});

describe('level-of-detail raster', () => {
  it('stacks k faint nodes in a pixel to 1 − (1 − α)^k and draws survivors opaque over them', () => {
    const t = { zx: 1, zy: 1, tx: 0, ty: 0 };
    const out = new Uint8Array(4 * 4 * 4), counts = new Uint16Array(16);
    // Three extinct nodes of alpha 51/255 = 0.2 in pixel (1, 1), one in (3, 0); a survivor at (0, 2) covering 2×2.
    const extinct = { position: new Float32Array([1.2, 1.5, 1.7, 1.1, 1.4, 1.9, 3.1, 0.2]), colour: new Uint8Array([255, 0, 0, 51, 255, 0, 0, 51, 0, 255, 0, 51, 0, 0, 255, 51]), count: 4 };
    const alive = { position: new Float32Array([0.5, 2.5]), colour: new Uint8Array([10, 20, 30, 255]), count: 1 };
    const empty = { position: new Float32Array(0), colour: new Uint8Array(0), count: 0 };
    const inside = rasteriseLineage({ extinct, aliveSegments: empty, alive }, t, 1, 4, 4, out, counts);
    expect(inside).toBe(5);
    const px = (x: number, y: number) => Array.from(out.subarray(4 * (y * 4 + x), 4 * (y * 4 + x) + 4));
    const a3 = 1 - 0.8 ** 3;
    // The last binned (green) colours the pixel, premultiplied by the stacked alpha.
    const [r, g, b, a] = px(1, 1);
    expect([r, b]).toEqual([0, 0]);
    expect(g).toBeCloseTo(255 * a3, 0);
    expect(a).toBeCloseTo(255 * a3, 0);
    expect(px(3, 0)[3]).toBeCloseTo(51, 0);
    expect(px(0, 2)).toEqual([10, 20, 30, 255]);
    expect(px(1, 3)).toEqual([10, 20, 30, 255]);
    expect(px(2, 2)).toEqual([0, 0, 0, 0]);
  });

  it('walks a segment pixel by pixel and clips it to the image', () => {
    const t = { zx: 1, zy: 1, tx: 0, ty: 0 };
    const out = new Uint8Array(4 * 8 * 2), counts = new Uint16Array(16);
    const seg = { position: new Float32Array([-5, 0.5, 20, 0.5]), colour: new Uint8Array([100, 100, 100, 255, 100, 100, 100, 255]), count: 1 };
    const empty = { position: new Float32Array(0), colour: new Uint8Array(0), count: 0 };
    rasteriseLineage({ extinct: empty, aliveSegments: seg, alive: empty }, t, 1, 8, 2, out, counts);
    for (let x = 0; x < 8; x++) expect(out[4 * x + 3], `pixel ${x}`).toBe(255);
    for (let x = 0; x < 8; x++) expect(out[4 * (8 + x) + 3]).toBe(0);
  });
});

describe('small words and schedules', () => {
  it("says what a learning rate of 0 means, with the optimiser's own rate", () => {
    expect(learningRateHint(0, 'adamax', { adamax: 0.002 })).toBe("0 = adamax's default, 0.002");
    expect(learningRateHint(0, undefined, undefined)).toBe("0 = the optimiser's default");
    expect(learningRateHint(0.01, 'adamax', { adamax: 0.002 })).toBe('');
  });

  it('retries a lost server quickly at first, then every 2 s', () => {
    expect([0, 1, 2, 3, 4, 10].map(reconnectDelay)).toEqual([250, 500, 1000, 2000, 2000, 2000]);
  });

  it('scales the f-vs-θ scatter to the 99.9th percentile magnitude of both vectors', () => {
    const theta = Array.from({ length: 1000 }, (_, i) => (i - 500) / 1000);
    const predicted = theta.map(() => 0);
    predicted[0] = 1e6; // one wild prediction does not set the scale
    expect(scatterExtent(theta, predicted)).toBeCloseTo(0.499 * 1.05, 9);
    expect(scatterExtent([0, 0], [0, 0])).toBe(1);
  });
});

describe('paper lane checkpoints', () => {
  it("names them as the paper session writes them: lanes, arm-lane for parallel arms, the last stage's lanes when chained", async () => {
    const { paperCheckpointNames, chainedArms } = await import('../../src/shared/paperCheckpoints');
    const rows = (arms: string[], lanes: number, epochOf: (a: number) => number) =>
      arms.flatMap((arm, a) => Array.from({ length: lanes }, (_, lane) => ({ arm, lane, epoch: epochOf(a) })));
    expect(paperCheckpointNames(rows(['main'], 3, () => 0))).toEqual(['0', '1', '2']);
    const parallel = rows(['sgd', 'adamax'], 2, () => 0);
    expect(chainedArms(parallel)).toBe(false);
    expect(paperCheckpointNames(parallel)).toEqual(['sgd-0', 'sgd-1', 'adamax-0', 'adamax-1']);
    // quine/newton: optimise (epoch 0–1), projective from epoch 1, newton from 21: one θ, epochs counted on.
    const chained = rows(['optimise', 'projective', 'newton'], 3, (a) => [0, 1, 21][a]);
    expect(chainedArms(chained)).toBe(true);
    expect(paperCheckpointNames(chained)).toEqual(['0', '1', '2']);
    expect(paperCheckpointNames([])).toEqual([]);
  });
});
