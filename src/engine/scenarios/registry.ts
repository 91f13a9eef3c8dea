import { findPreset, presetsOfKind } from '../presets/registry';
import type { PaperScenario } from './scenario';

/** The paper scenarios, in the paper's order: the `paper` presets of the one preset registry. */
export const scenarios = (): PaperScenario[] => presetsOfKind('paper');

/** The paper scenario `name` (`paper/` may be left off); an unknown name throws with a "did you mean" hint. */
export function findScenario(name: string): PaperScenario {
  return findPreset(name, 'paper');
}
