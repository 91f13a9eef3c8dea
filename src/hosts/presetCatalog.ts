/**
 * Every preset the app offers, paper scenarios and evolution presets alike, with
 * its form fields and how to create its session. The host sees one list; only
 * this file knows which engine entry point each kind uses.
 */
import { describeSchema } from '../engine/config/schema';
import { validateConfig } from '../engine/config/validate';
import { paperConfigSchema } from '../engine/scenarios/paperConfig';
import { findPreset as findRegisteredPreset, presets, type Preset } from '../engine/presets/registry';
import { createPaperSession } from '../engine/runs/paperSession';
import { createEvolutionSession, evolutionConfigSchema, resolveEvolutionConfig, resumeEvolutionSession } from '../engine/evolve/evolutionSession';
import { RunDirectory } from '../engine/store/runDirectory';
import type { SteppedSession } from '../engine/session/steppedSession';
import type { QueueSettings } from '../engine/distributed/computePool';
import type { ExportFormat, FieldInfo, IndividualDetail, IndividualRow, GenerationRow, PresetInfo } from '../protocol/messages';

/** What the host reads from a live evolution run (the EvolutionRun of the engine). */
export interface EvolutionRunView {
  readonly runDir: string;
  readonly generation: number;
  readonly config: object;
  individuals(): IndividualRow[];
  generations(): GenerationRow[];
  inspect(id: number): IndividualDetail;
  exportLineage(format: ExportFormat): string;
}

export interface SessionPlaces {
  /** Base folder for run directories. */
  outDir: string;
  /** IDX files for the auxiliary quine; undefined = the bundled MNIST. */
  dataDir?: string;
  /** Evolution sessions compute on `quinarium worker`s through this queue instead of local threads. */
  queue?: QueueSettings;
}

export interface CreatedSession {
  session: SteppedSession;
  /** Present for evolution runs only. */
  evolution: EvolutionRunView | null;
}

export interface SessionPreset {
  info: PresetInfo;
  fields(): FieldInfo[];
  /** The preset's config with every default filled in: what the form starts from. */
  values(): Record<string, unknown>;
  create(overrides: Record<string, unknown>, places: SessionPlaces): Promise<CreatedSession>;
}

/** The app's entry for one registered preset: its form and how to create its session, by kind. */
function sessionPreset(p: Preset): SessionPreset {
  const info: PresetInfo = { name: p.name, kind: p.kind, title: p.title, summary: p.summary };
  if (p.kind === 'paper') {
    return {
      info,
      fields: () => describeSchema(paperConfigSchema) as FieldInfo[],
      values: () => validateConfig(paperConfigSchema, p.config, 'config') as Record<string, unknown>,
      create: async (overrides, places) => ({
        session: createPaperSession(p.name, { overrides, outDir: places.outDir, dataDir: places.dataDir, purpose: 'app session' }),
        evolution: null,
      }),
    };
  }
  return {
    info,
    fields: () => describeSchema(evolutionConfigSchema) as FieldInfo[],
    values: () => resolveEvolutionConfig(p.name) as unknown as Record<string, unknown>,
    create: async (overrides, places) => {
      const session = createEvolutionSession({ preset: p.name, overrides, outDir: places.outDir, dataDir: places.dataDir, queue: places.queue, purpose: 'app session' });
      return { session, evolution: session.run };
    },
  };
}

/** Every preset of the engine's one registry, evolution presets first (the app's main use), then the paper scenarios. */
export function presetCatalog(): SessionPreset[] {
  return [...presets.filter((p) => p.kind === 'evolution'), ...presets.filter((p) => p.kind === 'paper')].map(sessionPreset);
}

/** The registry's preset `name` (unknown names get the registry's "did you mean" hint). */
export function findPreset(name: string): SessionPreset {
  return sessionPreset(findRegisteredPreset(name));
}

/** A stored evolution run continued from its last checkpoint, with the preset it was made from. */
export function resumeSession(runDir: string, places: SessionPlaces): CreatedSession & { preset: string } {
  const preset = RunDirectory.openKind(runDir, 'evolution').manifest.name;
  const session = resumeEvolutionSession(runDir, { dataDir: places.dataDir, queue: places.queue });
  return { session, evolution: session.run, preset };
}
