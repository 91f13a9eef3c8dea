import { paperPresets } from './paper/presets';
import type { PaperScenario } from './scenario';
import { closestMatch } from '../config/closestMatch';

const registry = new Map<string, PaperScenario>();

export function registerScenario(s: PaperScenario): void {
  if (registry.has(s.name)) throw new Error(`scenario registry: "${s.name}" registered twice`);
  registry.set(s.name, s);
}

for (const s of paperPresets) registerScenario(s);

export const scenarios = (): PaperScenario[] => [...registry.values()];

export function findScenario(name: string): PaperScenario {
  const s = registry.get(name) ?? registry.get(`paper/${name}`);
  if (s) return s;
  const hint = closestMatch(name, registry.keys());
  throw new Error(`unknown scenario "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}; \`quinarium scenarios\` lists them`);
}
