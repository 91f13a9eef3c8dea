// The figures a run writes, drawn from synthetic logs with known content: the axis labels
// say what is plotted, several seeds show their spread, the zero quine's zeros are drawn,
// the triviality check has two panels with |θ| on a log axis, and PNG export decodes.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GenerationRow, MetricsRow } from '../../src/protocol/records';
import { writeEvolutionFigures } from '../../src/report/evolutionFigures';
import { writePaperFigures } from '../../src/report/paperFigures';
import { rasterizeSvg } from '../../src/report/svg/rasterize';
import { lineChart } from '../../src/report/svg/lineChart';
import { THEMES } from '../../src/report/svg/theme';
import { findScenario } from '../../src/engine/scenarios/registry';
import { knownTree } from '../evolve/lineageTree';
import { expectValidFigure, plotRect, texts } from './figureChecks';
import { decodePng, PNG_SIGNATURE, pngChunks } from './pngChunks';

function metricsRow(arm: string, seed: number, epoch: number, lsr: number, extra: Partial<MetricsRow> = {}): MetricsRow {
  const base = { lsr, rmsMargin: 0, meanAbsMargin: 0, srq: 0, corr: 0, meanAbsTheta: lsr, r2: 0, r2W1: 0, r2W2: 0, r2Wout: 0, srqFree: 0, bits: 0, gain: 0, rmsTheta: Math.sqrt(lsr) };
  return { ...base, arm, lane: seed, seed, epoch, phase: epoch === 0 ? 'initial' : 'epoch', seconds: 0, ...extra } as MetricsRow;
}

const dir = () => mkdtempSync(join(tmpdir(), 'quinarium-figures-'));
const read = (d: string, f: string) => readFileSync(join(d, f), 'utf8');

describe('paper figures', () => {
  it('labels the vanilla loss axis L_SR (it has no test set), and names all six optimisers', () => {
    const scenario = findScenario('paper/optimizers');
    const arms = scenario.arms!.map((a) => a.name);
    expect(arms).toHaveLength(6);
    const rows = arms.flatMap((arm, k) => [0, 1, 2, 3].map((e) => metricsRow(arm, 0, e, 90 - e * (k + 1))));
    const d = dir();
    writePaperFigures(d, scenario, rows, new Map());
    for (const f of ['loss.svg', 'r2.svg', 'rms-theta.svg']) {
      const svg = read(d, f);
      expectValidFigure(svg);
      const labels = texts(svg);
      for (const arm of arms) expect(labels, `${f} names ${arm}`).toContain(arm);
      expect(labels.join(' ')).not.toMatch(/test loss/i);
    }
    expect(texts(read(d, 'loss.svg'))).toContain('L_SR = Σ_c (f(c) − θ_c)²');
  });

  it('draws the spread of several seeds, and the zero quine reaching L_SR = 0 exactly', () => {
    const scenario = findScenario('paper/zero-quine');
    // Three seeds fall to exactly 0 at generations 4, 5 and 6.
    const rows = [0, 1, 2].flatMap((seed) => Array.from({ length: 9 }, (_, g) => {
      const lsr = g >= 4 + seed ? 0 : 10 ** (1 - 4 * g - seed);
      return metricsRow('main', seed, g, lsr, { phase: g === 0 ? 'initial' : 'regenerated', r2: 0 });
    }));
    const d = dir();
    writePaperFigures(d, scenario, rows, new Map());
    const loss = read(d, 'loss.svg');
    expectValidFigure(loss);
    // All three seeds are 0 from generation 6 on: the mean is drawn on the floor from there.
    expect(texts(loss)).toContain('▼ L_SR = 0 from generation 6 on');
    expect([...loss.matchAll(/data-zero=/g)]).toHaveLength(3);
    // On a log axis the band is the seeds' range; it reaches the floor where one seed is 0.
    expect(texts(loss)).toContain('range of 3 seeds');
    const band = /<path d="([^"]*)Z"[^>]*data-band="after regeneration"/.exec(loss)![1];
    const ys = [...band.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(Math.max(...ys)).toBeCloseTo(plotRect(loss).bottom, 1);
    expect(loss).not.toMatch(/not drawn/);
    // r2 is on a linear axis: mean ± sd.
    const r2 = read(d, 'r2.svg');
    expect(texts(r2)).toContain('± 1 sd over 3 seeds');
  });
});

describe('r2 over seeds', () => {
  it('counts a seed below −1 as −1 before averaging, so one exploded seed neither drags the mean nor stretches the band', () => {
    const scenario = findScenario('paper/adamax-100');
    const r2 = [0.9, 0.9, -104];
    const rows = [0, 1, 2].flatMap((seed) => [0, 1, 2].map((e) => metricsRow('main', seed, e, 50, { r2: r2[seed] })));
    const d = dir();
    writePaperFigures(d, scenario, rows, new Map());
    const svg = read(d, 'r2.svg');
    expectValidFigure(svg);
    // Mean of 0.9, 0.9, −1 is 0.2667; its band stays within r2's range [−1, 1].
    const decimals = texts(svg).filter((t) => /^-?\d\.\d+$/.test(t)).map(Number);
    expect(Math.max(...decimals)).toBeLessThanOrEqual(1);
    expect(Math.min(...decimals)).toBeGreaterThanOrEqual(-1);
    const rect = plotRect(svg);
    const line = /<path d="M[\d.]+ ([\d.]+)/.exec(/<path d="[^"]*"[^>]*data-series="r2"/.exec(svg)![0])!;
    const y = Number(line[1]);
    // y of 0.2667 on the axis [−1, 1]: 63.3 % of the way up.
    expect((rect.bottom - y) / (rect.bottom - rect.top)).toBeCloseTo((0.2667 + 1) / 2, 2);
  });
});

describe('evolution figures', () => {
  const rows: GenerationRow[] = Array.from({ length: 8 }, (_, g) => ({
    generation: g, population: 4, bestAccuracy: 0.5 + g / 20, meanAccuracy: 0.4 + g / 20, medianAccuracy: 0.4,
    bestLsr: 1000 / (g + 1), meanLsr: 2000, medianLsr: 1500, meanSrq: 3, meanCorr: 0.01 * g,
    // An exploding population (|θ| 10⁴ at generation 3) and then a shrinking one.
    meanAbsTheta: g === 3 ? 1e4 : 0.1 / (g + 1), bestR2: g === 3 ? -5 : -0.01, meanR2: -0.5, meanRmsTheta: g === 3 ? 2e4 : 0.12 / (g + 1),
    diversity: null, heritability: null, heritabilityLow: null, heritabilityHigh: null, heritabilityP: null,
    bestInnateAccuracy: 0.1, meanInnateAccuracy: 0.1, innateHeritability: null, innateHeritabilityLow: null, innateHeritabilityHigh: null, innateHeritabilityP: null,
    meanBirthAccuracy: 0.1, meanTransmissionR2: -3, meanTransmissionCorr: 0.01, priceSelection: 0.01, priceTransmission: -0.01,
    survivingRoots: 1, mrcaDepth: 0, front: [[0.5, 100]], seconds: 1,
  }));

  it('draws the triviality check as two panels: r2 and corr with the verdict thresholds, |θ| on a log axis', () => {
    const d = dir();
    writeEvolutionFigures(d, rows, knownTree(), { subtitle: 'evo/default · seed 0 · Quinarium 0.1.0' });
    const svg = read(d, 'triviality.svg');
    expectValidFigure(svg);
    const panels = [...svg.matchAll(/<svg x="0" y="[\d.]+" [^>]*>[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(panels).toHaveLength(2);
    const [replication, scale] = panels;
    expect(texts(replication)).toEqual(expect.arrayContaining(['best r2', 'mean r2', 'mean corr(f, θ)']));
    expect(replication).toContain('data-guide="genuine: r2 ≥ 0.99"');
    expect(replication).toContain('data-guide="trivial: r2 &lt; 0.1"');
    expect(texts(scale)).toEqual(expect.arrayContaining(['mean |θ|', 'mean RMS θ', '|θ| (log axis)']));
    // Log axis: decade labels from below 0.0125 up to at least 10⁴, so the explosion is on the axis, not clipped off it.
    const decades = texts(scale).filter((t) => /^10[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+$/.test(t));
    expect(decades).toEqual(expect.arrayContaining(['10⁻²', '10⁴']));
    // Every generation's mean |θ| is drawn: 8 markers, none left out.
    expect([...scale.matchAll(/<circle [^>]*data-series="mean \|θ\|"/g)]).toHaveLength(8);
    expect(scale).not.toMatch(/not drawn/);
    expect(texts(svg)).toContain('evo/default · seed 0 · Quinarium 0.1.0');
    for (const f of ['accuracy.svg', 'replication.svg', 'inheritance.svg', 'price.svg', 'pareto.svg', 'muller.svg']) {
      expectValidFigure(read(d, f));
      expect(texts(read(d, f))).toContain('evo/default · seed 0 · Quinarium 0.1.0');
    }
  });
});

describe('PNG export', () => {
  it('rasterises a figure at twice its size into a PNG that decodes, with its metadata', () => {
    const svg = lineChart({ title: 'PNG', xLabel: 'x', yLabel: 'y', width: 320, height: 200, series: [{ name: 's', points: [[0, 0], [1, 1]] }], theme: THEMES.dark });
    const png = rasterizeSvg(svg, { text: { Title: 'PNG — θ', Software: 'Quinarium test' } });
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const chunks = pngChunks(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'iTXt', 'IDAT', 'IEND']);
    const itxt = new TextDecoder().decode(chunks[1].data);
    expect(itxt).toBe('Title\0\0\0\0\0PNG — θ');
    const image = decodePng(png);
    expect([image.width, image.height, image.channels]).toEqual([640, 400, 3]);
    // The corner is the dark theme's background.
    const bg = THEMES.dark.background;
    expect(image.pixel(1, 1)).toEqual([1, 3, 5].map((i) => Number.parseInt(bg.slice(i, i + 2), 16)));
    // Text and lines were drawn: the image is not one flat colour.
    const distinct = new Set<string>();
    for (let y = 0; y < image.height; y += 7) for (let x = 0; x < image.width; x += 7) distinct.add(image.pixel(x, y).join());
    expect(distinct.size).toBeGreaterThan(10);
    expect(() => rasterizeSvg(svg, { scale: 0 })).toThrow(/scale in \(0, 8\]/);
  });
});
