// Writes one example of each figure, from synthetic data shaped like the paper's runs,
// so the figures can be looked at after a change:
//   npx tsx src/report/svg/demo.ts /tmp/figdemo
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { lineChart, mullerPlot, scatterChart, weightPicture } from './index';
import type { MullerLineage } from './mullerLayout';

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: npx tsx src/report/svg/demo.ts <output folder>');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const random = seedrandom('svg-demo');
const gaussian = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const epochs = Array.from({ length: 31 }, (_, e) => e);

const figures: Record<string, string> = {};

// Fig. 4: five optimisers on the self-replication loss; RMSprop explodes and is clipped.
const decay = (floor: number, rate: number) => (e: number) => floor + (90.16 - floor) * Math.exp(-rate * e) + gaussian() * 0.6;
figures['fig4-optimisers'] = lineChart({
  title: 'Vanilla quine: optimisers on L_SR',
  xLabel: 'Epoch',
  yLabel: 'Test loss L_SR',
  series: [
    { name: 'SGD', points: epochs.map((e) => [e, decay(70, 0.05)(e)]) },
    { name: 'SGD + momentum', points: epochs.map((e) => [e, decay(55, 0.12)(e)]) },
    { name: 'Adam', points: epochs.map((e) => [e, decay(45, 0.3)(e)]) },
    { name: 'Adagrad', points: epochs.map((e) => [e, e < 5 ? decay(60, 0.4)(e) : 60 + 1.2 * (e - 5)]) },
    { name: 'Adamax', points: epochs.map((e) => [e, decay(35, 0.25)(e)]) },
    { name: 'RMSprop', dashed: true, points: epochs.map((e) => [e, e < 4 ? 90 * 10 ** e : e < 6 ? Infinity : NaN]) },
  ],
  yDomain: [0, 120],
  markers: true,
});

// Fig. 5: hill-climbing creeps down slowly.
let hill = 90.16;
figures['fig5-hill-climbing'] = lineChart({
  title: 'Vanilla quine: hill-climbing',
  xLabel: 'Iteration',
  yLabel: 'Test loss L_SR',
  series: [
    {
      name: 'best so far',
      points: Array.from({ length: 200 }, (_, i) => {
        if (random() < 0.08) hill -= random() * 0.4;
        return [i * 50, hill] as [number, number];
      }),
    },
  ],
});

// Fig. 6: regeneration drops the loss by orders of magnitude in a few generations.
figures['fig6-regeneration'] = lineChart({
  title: 'Vanilla quine: regeneration (T = 1, Adamax)',
  xLabel: 'Generation',
  yLabel: 'Test loss L_SR',
  series: [
    { name: 'T = 1', points: Array.from({ length: 11 }, (_, g) => [g, 0.86 + 89.3 * Math.exp(-1.3 * g)]) },
    { name: 'T = 0 (zero quine)', dashed: true, points: Array.from({ length: 11 }, (_, g) => [g, 90.16 * 10 ** (-1.4 * g)]) },
  ],
  logY: true,
  markers: true,
});

// Fig. 8: auxiliary quine — total loss drops then rises as L_SR explodes.
figures['fig8-auxiliary'] = lineChart({
  title: 'Auxiliary quine (MNIST) with Adamax',
  xLabel: 'Epoch',
  yLabel: 'Loss',
  series: [
    { name: 'L_Aux = L_SR + λ L_Task', points: epochs.map((e) => [e, 1072.05 * Math.exp(-e) + 40 + 9 * e ** 1.3]) },
    { name: 'L_SR', dashed: true, points: epochs.map((e) => [e, 900 * Math.exp(-e) + 30 + 9 * e ** 1.3]) },
    { name: 'L_Task', points: epochs.map((e) => [e, 170 * Math.exp(-0.8 * e) + 8]) },
  ],
  logY: true,
});

// Accuracy against replication loss for an evolved population, with its Pareto front.
const population = Array.from({ length: 120 }, (_, i) => {
  const accuracy = 0.1 + 0.85 * random() ** 0.7;
  const loss = 10 ** (-2 + 4 * accuracy + gaussian() * 0.5);
  return { x: accuracy, y: loss, group: ['generation 0', 'generation 50', 'generation 100'][i % 3] };
});
const front = population
  .filter((p) => !population.some((q) => q.x >= p.x && q.y <= p.y && (q.x > p.x || q.y < p.y)))
  .map((p): [number, number] => [p.x, p.y]);
figures['pareto-scatter'] = scatterChart({
  title: 'Accuracy against replication loss',
  xLabel: 'Test accuracy',
  yLabel: 'Self-replication loss L_SR',
  points: population,
  front,
  logY: true,
});

// Figs. 2 and 7: weights and predictions of two 100×100 hidden layers and an output row.
const layer = (rows: number, cols: number, std: number): Float32Array =>
  Float32Array.from({ length: rows * cols }, () => gaussian() * std * (random() < 0.05 ? 8 : 1));
const predict = (w: Float32Array): Float32Array => w.map((v) => v * 0.8 + gaussian() * 0.01);
const hidden1 = layer(100, 100, 0.05);
const hidden2 = layer(100, 100, 0.02);
const output = layer(1, 100, 0.1);
figures['fig7-weights'] = weightPicture({
  title: 'Weights and weight predictions, epoch 10 (L_SR = 0.86)',
  panels: [
    { label: 'hidden 1: weights', values: hidden1, rows: 100, cols: 100 },
    { label: 'hidden 1: predictions', values: predict(hidden1), rows: 100, cols: 100 },
    { label: 'hidden 2: weights', values: hidden2, rows: 100, cols: 100 },
    { label: 'hidden 2: predictions', values: predict(hidden2), rows: 100, cols: 100 },
    { label: 'output: weights', values: output, rows: 1, cols: 100 },
    { label: 'output: predictions', values: predict(output), rows: 1, cols: 100 },
  ],
});

// Lineages in an evolving population: a few sweeps, each budding from its predecessor.
const generations = Array.from({ length: 80 }, (_, g) => g);
const lineages: MullerLineage[] = [];
const logistic = (g: number, start: number): number => 1 / (1 + Math.exp(-(g - start) / 3));
for (let i = 0; i < 14; i++) {
  const start = 4 + i * 5 + Math.floor(random() * 4);
  const parent = i === 0 ? undefined : `L${i < 4 ? i - 1 : Math.floor(random() * i)}`;
  lineages.push({
    id: `L${i}`,
    parent,
    counts: generations.map((g) => (g < start ? 0 : Math.round(100 * logistic(g, start + 6) * (i + 1)))),
  });
}
lineages.unshift({ id: 'ancestor', counts: generations.map(() => 60) });
for (const l of lineages.slice(1, 4)) l.parent ??= 'ancestor';
figures['muller'] = mullerPlot({ title: 'Lineage frequencies (Muller plot)', generations, lineages });

figures['no-data'] = lineChart({ title: 'An empty run', xLabel: 'Epoch', yLabel: 'Loss', series: [] });

for (const [name, svg] of Object.entries(figures)) {
  const file = join(outDir, `${name}.svg`);
  writeFileSync(file, svg);
  console.log(`${file}  ${(svg.length / 1024).toFixed(1)} KiB`);
}
