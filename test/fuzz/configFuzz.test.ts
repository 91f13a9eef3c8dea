import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/engine/config/errors';
import type { Schema } from '../../src/engine/config/schema';
import { overlayConfig, readConfigObject, validateConfig } from '../../src/engine/config/validate';
import { evolutionConfigSchema } from '../../src/engine/evolve/evolutionConfig';
import { resolveEvolutionConfig } from '../../src/engine/evolve/evolutionSession';
import { seededStream } from '../../src/engine/random/streams';
import { resolveArms } from '../../src/engine/runs/paperSession';
import { paperConfigSchema, validatePaperConfig } from '../../src/engine/scenarios/paperConfig';
import { findScenario } from '../../src/engine/scenarios/registry';
import { deepJsonText, HOSTILE_STRINGS, hostileValue, pick, PROTOTYPE_KEYS, toJsonText } from './hostileJson';

const schemaKeys = (s: Schema): string[] => Object.entries(s).flatMap(([k, f]) => [k, ...(f.kind === 'object' ? schemaKeys(f.fields) : [])]);
const KEYS = [...new Set([...schemaKeys(evolutionConfigSchema), ...schemaKeys(paperConfigSchema)])];
const CASES = 1500;

/** Runs `read`; anything but a result or a one-line ConfigError is reported as a problem. */
function outcome(what: string, read: () => unknown): { ok: boolean; problem?: string } {
  try {
    read();
    return { ok: true };
  } catch (e) {
    if (!(e instanceof ConfigError)) return { ok: false, problem: `${what}: ${(e as Error)?.name}: ${String((e as Error)?.message).slice(0, 200)}` };
    if (e.message.includes('\n') || e.message.length > 2000) return { ok: false, problem: `${what}: not one line: ${e.message.slice(0, 200)}` };
    return { ok: false };
  }
}

describe('the config readers under seeded hostile input (issue 11)', () => {
  it(`validate ${CASES} hostile configs each to a config or one ConfigError line`, () => {
    const rng = seededStream('quinarium/fuzz/config');
    const problems: string[] = [];
    for (let i = 0; i < CASES; i++) {
      // In process a config can also carry NaN and ±Infinity (JSON cannot).
      const input = hostileValue(rng, KEYS, 4, false);
      const overrides = (input !== null && typeof input === 'object' && !Array.isArray(input) ? input : { value: input }) as Record<string, unknown>;
      for (const [what, read] of [
        ['validateConfig(evolution)', () => validateConfig(evolutionConfigSchema, input, 'config')],
        ['validatePaperConfig', () => validatePaperConfig(input, 'config')],
        ['resolveEvolutionConfig', () => resolveEvolutionConfig('evo/default', overrides)],
        ['resolveArms(paper/optimizers)', () => resolveArms(findScenario('paper/optimizers'), overrides)],
      ] as const) {
        const r = outcome(`case ${i} ${what}`, read);
        if (r.problem) problems.push(r.problem);
      }
    }
    expect(problems).toEqual([]);
  });

  it('read every hostile config file to an object or one ConfigError line', () => {
    const rng = seededStream('quinarium/fuzz/config-files');
    const dir = mkdtempSync(join(tmpdir(), 'quinarium-fuzz-config-'));
    const problems: string[] = [];
    for (let i = 0; i < 300; i++) {
      const r = rng.next();
      const text = r < 0.1 ? deepJsonText(1 + rng.int(20_000), pick(rng, [...KEYS, ...PROTOTYPE_KEYS]))
        : r < 0.2 ? String.fromCharCode(...Array.from({ length: rng.int(200) }, () => rng.int(256)))
          : toJsonText(hostileValue(rng, KEYS, 4));
      const path = join(dir, `${i}.json`);
      writeFileSync(path, text);
      const read = outcome(`file ${i} (${text.slice(0, 80)})`, () => resolveEvolutionConfig('evo/default', readConfigObject(path)));
      if (read.problem) problems.push(read.problem);
    }
    expect(problems).toEqual([]);
  });

  // The unknown-key check saw no `__proto__`: assigned by overlayConfig it became the
  // merged object's prototype, and its fields were read through it.
  it('refuses a prototype key wherever it stands, alone or laid over a preset', () => {
    for (const key of PROTOTYPE_KEYS) {
      for (const text of [`{"${key}": {"population": 2}}`, `{"selection": {"${key}": {"elites": 0}}}`]) {
        const input = JSON.parse(text) as Record<string, unknown>;
        expect(() => validateConfig(evolutionConfigSchema, input, 'config'), text).toThrow(ConfigError);
        expect(() => resolveEvolutionConfig('evo/default', input), text).toThrow(new RegExp(`holds the key "${key}"`));
        expect(() => validateConfig(evolutionConfigSchema, overlayConfig({}, input), 'config'), text).toThrow(ConfigError);
      }
    }
    // Laid over a preset, the key is refused before it can become a prototype.
    expect(() => overlayConfig({ population: 8 }, JSON.parse('{"__proto__": {"population": 2}}'))).toThrow(/holds the key "__proto__" at config/);
  });

  it('names a --from path that leads nowhere, whatever it holds', () => {
    for (const from of HOSTILE_STRINGS.filter((s) => s !== '')) {
      expect(() => resolveArms(findScenario('paper/adamax-100'), { from }), from).toThrow(ConfigError);
    }
  });
});
