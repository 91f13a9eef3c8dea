import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAlifeCsv } from '../engine/evolve/lineage/alifeCsv';
import { lineageFromAlifeRows } from '../engine/evolve/lineage/exportLineage';
import { LaneSet } from '../engine/lanes/laneSet';
import { evaluateLanes, type Evaluation } from '../engine/metrics/evaluateLanes';
import { FixedInputs } from '../engine/models/fixedInputs';
import { paramLayout } from '../engine/models/layout';
import { RandomStreams } from '../engine/random/streams';
import { readLaneCheckpoint } from '../engine/store/laneCheckpoint';
import { auxImages } from '../engine/runs/laneSetup';
import type { ArmConfig } from '../engine/runs/paperRun';
import { findScenario } from '../engine/scenarios/registry';
import { RunDirectory } from '../engine/store/runDirectory';
import { writeFileAtomic } from '../engine/store/atomicWrite';
import { JsonlLog } from '../engine/store/jsonlLog';
import type { GenerationRow, MetricsRow } from '../protocol/records';
import { writeEvolutionFigures } from './evolutionFigures';
import { quinariumVersion, runSubtitle } from './figureMeta';
import { writePaperFigures } from './paperFigures';
import { rasterizeSvg } from './svg/rasterize';
import { type FigureThemeName, THEMES } from './svg/theme';

export interface RunFigureOptions {
  /** Colours for a white page (default) or a dark one. */
  theme?: FigureThemeName;
  /** Also write each figure as PNG beside its SVG (2 pixels per SVG unit, metadata in iTXt). */
  png?: boolean;
}

/**
 * The one figure path: draws a run directory's figures from its logs and
 * checkpoints (no training), for `quinarium figures` and for every host when a run
 * ends. The engine never draws. Needs a selected tfjs backend for paper runs (their
 * weight pictures re-evaluate the saved quines). Returns the files written.
 */
export function writeRunFigures(runDir: string, dataDir?: string, options: RunFigureOptions = {}): string[] {
  const svgs = drawRunFigures(runDir, dataDir, options);
  if (!options.png) return svgs;
  const run = RunDirectory.open(runDir);
  const pngs = svgs.map((file) => {
    const svg = readFileSync(file, 'utf8');
    const title = /<title>([^<]*)<\/title>/.exec(svg)?.[1] ?? '';
    const png = file.replace(/\.svg$/, '.png');
    writeFileAtomic(png, rasterizeSvg(svg, { text: { Title: unescapeXml(title), Source: `${run.manifest.name}, ${runDir}`, Software: `Quinarium ${quinariumVersion()}` } }));
    return png;
  });
  return [...svgs, ...pngs];
}

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

function drawRunFigures(runDir: string, dataDir: string | undefined, options: RunFigureOptions): string[] {
  const run = RunDirectory.open(runDir);
  const config = run.config() as { scenario?: string; arms?: ArmConfig[]; dataDir?: string | null };
  const dir = run.path('figures');
  const style = { theme: THEMES[options.theme ?? 'light'], subtitle: runSubtitle(run) };
  if (run.kind === 'evolution') {
    const rows = JsonlLog.readJsonl<GenerationRow>(run.path('generations'));
    // lineage.csv is current to the last generation (the last checkpoint is taken before it).
    const lineage = lineageFromAlifeRows(parseAlifeCsv(readFileSync(run.path('lineage'), 'utf8')));
    return writeEvolutionFigures(dir, rows, lineage, style).map((f) => join(dir, f));
  }
  const scenario = findScenario(run.manifest.name);
  const rows = JsonlLog.readJsonl<MetricsRow>(run.path('metrics'));
  const finals = new Map<string, Evaluation[]>();
  const arms = config.arms ?? [];
  // A chained scenario's stages are one computation: its checkpoints are the last stage's.
  for (const arm of scenario.chain ? arms.slice(-1) : arms) {
    const ck = join(run.path('checkpoints'), arms.length > 1 && !scenario.chain ? `${arm.arm}-0` : '0');
    if (!existsSync(ck)) continue;
    const saved = readLaneCheckpoint(ck);
    const images = saved.model.spec.kind === 'auxiliary' ? auxImages(dataDir ?? config.dataDir ?? undefined) : undefined;
    const inputs = new FixedInputs(saved.model.spec, saved.projections, images, new RandomStreams(saved.model.seed));
    const lanes = new LaneSet([inputs], [saved.theta]);
    finals.set(arm.arm, evaluateLanes(lanes, false));
    lanes.dispose();
    inputs.dispose();
  }
  return writePaperFigures(dir, scenario, rows, finals, style).map((f) => join(dir, f));
}
