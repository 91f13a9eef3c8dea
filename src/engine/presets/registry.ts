/**
 * The one preset registry: every paper scenario and every evolution preset, each
 * tagged with its run kind. Names are unique across both kinds (checked at load);
 * the CLI's `run`, `evolve` and `scenarios`, the app's preset catalogue and the
 * figures all look presets up here.
 */
import type { RunKind } from '../../protocol/names';
import { closestMatch } from '../config/closestMatch';
import { ConfigError } from '../config/errors';
import { evolutionPresets, type EvolutionPreset } from '../evolve/presets';
import { paperPresets } from '../scenarios/paper/presets';
import { quinePresets } from '../scenarios/quine/presets';
import type { PaperScenario } from '../scenarios/scenario';

export type Preset = (PaperScenario & { kind: 'paper' }) | (EvolutionPreset & { kind: 'evolution' });
export type PresetOfKind<K extends RunKind> = Extract<Preset, { kind: K }>;

/** Each kind's name prefix; a preset may be named without it (`adamax-100`, `pareto`). */
export const PRESET_PREFIXES: Readonly<Record<RunKind, string>> = { paper: 'paper/', evolution: 'evo/' };

/** A name → preset map in the given order; a name given twice (within or across kinds) throws. */
export function createPresetRegistry(list: readonly Preset[]): ReadonlyMap<string, Preset> {
  const registry = new Map<string, Preset>();
  for (const preset of list) {
    const earlier = registry.get(preset.name);
    if (earlier) throw new Error(`preset registry: "${preset.name}" registered twice (${earlier.kind} and ${preset.kind})`);
    registry.set(preset.name, preset);
  }
  return registry;
}

const registry = createPresetRegistry([
  ...[...paperPresets, ...quinePresets].map((s): Preset => ({ ...s, kind: 'paper' })),
  ...evolutionPresets.map((p): Preset => ({ ...p, kind: 'evolution' })),
]);

/** Every preset: the paper scenarios in the paper's order, then the evolution presets. */
export const presets: readonly Preset[] = [...registry.values()];

export function presetsOfKind<K extends RunKind>(kind: K): PresetOfKind<K>[] {
  return presets.filter((p): p is PresetOfKind<K> => p.kind === kind);
}

/**
 * The preset named `name` (of `kind`, when given): its full name or the name
 * without its kind's prefix. An unknown name throws a ConfigError with the
 * closest known name as a "did you mean" hint.
 */
export function findPreset(name: string): Preset;
export function findPreset<K extends RunKind>(name: string, kind: K): PresetOfKind<K>;
export function findPreset(name: string, kind?: RunKind): Preset {
  const candidates = kind ? presetsOfKind(kind) : presets;
  const exact = candidates.find((p) => p.name === name);
  if (exact) return exact;
  const short = candidates.filter((p) => p.name === `${PRESET_PREFIXES[p.kind]}${name}`);
  if (short.length === 1) return short[0];
  if (short.length > 1) throw new ConfigError('preset', `preset "${name}" is ambiguous: ${short.map((p) => p.name).join(' or ')}`);
  // A preset of the other kind: say which command runs it (`scenarios` lists both kinds).
  const other = kind && presets.find((p) => p.kind !== kind && (p.name === name || p.name === `${PRESET_PREFIXES[p.kind]}${name}`));
  if (other) {
    const command = other.kind === 'evolution' ? `quinarium evolve --preset ${other.name}` : `quinarium run ${other.name}`;
    throw new ConfigError('preset', `"${name}" is ${other.kind === 'evolution' ? 'an evolution preset' : 'a paper scenario'}, not ${kind === 'paper' ? 'a paper scenario' : 'an evolution preset'}: run it with \`${command}\``);
  }
  const names = candidates.map((p) => p.name);
  const unprefixed = new Map(candidates.map((p) => [p.name.slice(PRESET_PREFIXES[p.kind].length), p.name]));
  const hint = closestMatch(name, names) ?? unprefixed.get(closestMatch(name, unprefixed.keys()) ?? '');
  throw new ConfigError(
    'preset',
    `unknown ${kind === 'paper' ? 'scenario' : 'preset'} "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}; \`quinarium scenarios\` lists them`,
  );
}
