import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/engine/config/errors';
import { findEvolutionPreset } from '../../src/engine/evolve/evolutionSession';
import { evolutionPresets } from '../../src/engine/evolve/presets';
import { createPresetRegistry, findPreset, presets, presetsOfKind, type Preset } from '../../src/engine/presets/registry';
import { paperPresets } from '../../src/engine/scenarios/paper/presets';
import { quinePresets } from '../../src/engine/scenarios/quine/presets';
import { findScenario, scenarios } from '../../src/engine/scenarios/registry';

const paper = (name: string): Preset => ({ ...paperPresets[0], name, kind: 'paper' });
const evolution = (name: string): Preset => ({ ...evolutionPresets[0], name, kind: 'evolution' });

describe('the one preset registry', () => {
  it('throws at load on a name registered twice, within a kind or across kinds', () => {
    expect(() => createPresetRegistry([paper('paper/a'), paper('paper/a')])).toThrow(/"paper\/a" registered twice \(paper and paper\)/);
    expect(() => createPresetRegistry([paper('x/same'), evolution('x/same')])).toThrow(/"x\/same" registered twice \(paper and evolution\)/);
    expect(createPresetRegistry([paper('paper/a'), evolution('evo/a')]).size).toBe(2);
  });

  it('holds every paper scenario and every evolution preset, each with its kind', () => {
    expect(presets.map((p) => [p.name, p.kind])).toEqual([
      ...[...paperPresets, ...quinePresets].map((s) => [s.name, 'paper']),
      ...evolutionPresets.map((p) => [p.name, 'evolution']),
    ]);
    expect(new Set(presets.map((p) => p.name)).size).toBe(presets.length);
    expect(scenarios().map((s) => s.name)).toEqual([...paperPresets, ...quinePresets].map((s) => s.name));
    expect(presetsOfKind('evolution').map((p) => p.name)).toEqual(evolutionPresets.map((p) => p.name));
  });

  it('finds a preset by full name or without its prefix, optionally of one kind', () => {
    expect(findPreset('paper/adamax-100').kind).toBe('paper');
    expect(findPreset('adamax-100').name).toBe('paper/adamax-100');
    expect(findPreset('pareto', 'evolution').name).toBe('evo/pareto');
    expect(findScenario('adamax-100').name).toBe('paper/adamax-100');
    expect(findEvolutionPreset('default').name).toBe('evo/default');
    expect(() => findPreset('evo/default', 'paper')).toThrow(ConfigError);
    // A preset of the other kind is named as such, with the command that runs it.
    expect(() => findScenario('evo/default')).toThrow(/^"evo\/default" is an evolution preset, not a paper scenario: run it with `quinarium evolve --preset evo\/default`$/);
    expect(() => findEvolutionPreset('regeneration')).toThrow(/^"regeneration" is a paper scenario, not an evolution preset: run it with `quinarium run paper\/regeneration`$/);
  });

  it('answers an unknown name with a "did you mean" hint', () => {
    expect(() => findPreset('paper/adamx-100')).toThrow(/unknown preset "paper\/adamx-100" \(did you mean "paper\/adamax-100"\?\)/);
    expect(() => findScenario('adamx-100')).toThrow(/unknown scenario "adamx-100" \(did you mean "paper\/adamax-100"\?\)/);
    expect(() => findEvolutionPreset('evo/paretto')).toThrow(/unknown preset "evo\/paretto" \(did you mean "evo\/pareto"\?\)/);
    expect(() => findPreset('nothing-like-it')).toThrow(/^unknown preset "nothing-like-it"; `quinarium scenarios` lists them$/);
  });
});
