/**
 * Every preset the app offers, paper scenarios and evolution presets alike, with
 * its form fields and how to create its session. The host sees one list; only
 * this file knows which engine entry point each kind uses.
 */
import { describeSchema } from '../engine/config/schema';
import { validateConfig } from '../engine/config/validate';
import { closestMatch } from '../engine/config/closestMatch';
import { paperConfigSchema } from '../engine/scenarios/paperConfig';
import { scenarios } from '../engine/scenarios/registry';
import { createPaperSession } from '../engine/runs/paperSession';
import { createEvolutionSession, evolutionConfigSchema, evolutionPresets, resolveEvolutionConfig } from '../engine/evolve/evolutionSession';
import type { SteppedSession } from '../engine/session/steppedSession';
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

function paperPresets(): SessionPreset[] {
  return scenarios().map((s) => ({
    info: { name: s.name, kind: 'paper', title: s.title, summary: s.summary },
    fields: () => describeSchema(paperConfigSchema) as FieldInfo[],
    values: () => validateConfig(paperConfigSchema, s.config, 'config') as Record<string, unknown>,
    create: async (overrides, places) => ({
      session: createPaperSession(s.name, { overrides, outDir: places.outDir, dataDir: places.dataDir }),
      evolution: null,
    }),
  }));
}

function evolutionPresetEntries(): SessionPreset[] {
  return evolutionPresets.map((p) => ({
    info: { name: p.name, kind: 'evolution', title: p.title, summary: p.summary },
    fields: () => describeSchema(evolutionConfigSchema) as FieldInfo[],
    values: () => resolveEvolutionConfig(p.name) as unknown as Record<string, unknown>,
    create: async (overrides, places) => {
      const session = createEvolutionSession({ preset: p.name, overrides, outDir: places.outDir, dataDir: places.dataDir });
      return { session, evolution: session.run };
    },
  }));
}

/** Every preset, evolution presets first (the app's main use), then the paper scenarios. */
export function presetCatalog(): SessionPreset[] {
  return [...evolutionPresetEntries(), ...paperPresets()];
}

export function findPreset(name: string): SessionPreset {
  const all = presetCatalog();
  const found = all.find((p) => p.info.name === name);
  if (found) return found;
  const hint = closestMatch(name, all.map((p) => p.info.name));
  throw new Error(`unknown preset "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}; known presets: ${all.map((p) => p.info.name).join(', ')}`);
}
