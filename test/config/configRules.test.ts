import { existsSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/engine/config/errors';
import { defineSchema } from '../../src/engine/config/schema';
import { validateConfig } from '../../src/engine/config/validate';
import { MAX_LIFETIME_PAIRS } from '../../src/engine/evolve/evolutionConfig';
import { resolveEvolutionConfig } from '../../src/engine/evolve/evolutionSession';
import { createPaperSession } from '../../src/engine/runs/paperSession';
import { validatePaperConfig } from '../../src/engine/scenarios/paperConfig';
import { maxThreads } from '../../src/engine/threads/defaultThreads';

const bin = join(__dirname, '../../bin/quinarium.mjs');

describe('cross-field config rules (checked with the config)', () => {
  it('run after the schema, in order, each naming its field', () => {
    const schema = defineSchema({ a: { kind: 'number', default: 1, label: 'a', help: '' }, b: { kind: 'number', default: 2, label: 'b', help: '' } });
    const rules = [
      { field: 'b', check: (c: { a: number; b: number }) => (c.b <= c.a ? `must be > a (${c.a}), got ${c.b}` : null) },
      { field: 'a', check: () => 'never reached when b fails' },
    ];
    expect(() => validateConfig(schema, { b: 1 }, 'config', rules)).toThrow(new ConfigError('config.b', 'config.b: must be > a (1), got 1'));
    expect(() => validateConfig(schema, { b: 1 }, 'config', rules)).toThrow(/^config\.b: must be > a \(1\), got 1$/);
    expect(() => validateConfig(schema, { b: 3 }, 'config', rules)).toThrow('config.a: never reached when b fails');
    // The schema's own check comes first.
    expect(() => validateConfig(schema, { b: 'x' }, 'config', rules)).toThrow(/config\.b: expected a finite number, got "x"/);
  });

  // `--population 2` with the default tournament of 3 ran generation 0, then crashed in selection.
  it('refuses a tournament larger than the population, for tournament selection only', () => {
    expect(() => resolveEvolutionConfig('evo/default', { population: 2 })).toThrow(
      'config.selection.tournamentSize: must be ≤ population (2) with selection.method "tournament", got 3');
    expect(resolveEvolutionConfig('evo/default', { population: 3 }).selection.tournamentSize).toBe(3);
    expect(resolveEvolutionConfig('evo/default', { population: 2, selection: { method: 'truncation' } }).population).toBe(2);
  });

  it('refuses a lifetime of more than 10⁷ (coordinate, image) pairs', () => {
    expect(MAX_LIFETIME_PAIRS).toBe(10_000_000);
    expect(() => resolveEvolutionConfig('evo/default', { lifetime: { steps: 100_000, batchSize: 1000 } })).toThrow(
      'config.lifetime.steps: steps × lifetime.batchSize must be ≤ 10,000,000 (coordinate, image) pairs a lifetime, got 100000 × 1000 = 100,000,000');
    expect(resolveEvolutionConfig('evo/default', { lifetime: { steps: 100_000, batchSize: 100 } }).lifetime.steps).toBe(100_000);
  });

  // An invalid mini-batch was refused only when the arm started, leaving an empty run the app listed.
  it('refuses a mini-batch that does not divide N before any run directory exists', () => {
    expect(() => validatePaperConfig({ batchSize: 7 }, 'config')).toThrow('config.batchSize: must divide N = 20100, got 7');
    expect(() => validatePaperConfig({ batchSize: 3, model: { kind: 'auxiliary' } }, 'config')).toThrow('config.batchSize: must divide N = 21100, got 3');
    expect(validatePaperConfig({ batchSize: 20100 }, 'config').batchSize).toBe(20100);
    const out = join(mkdtempSync(join(tmpdir(), 'quinarium-rules-')), 'runs');
    expect(() => createPaperSession('paper/adamax-100', { outDir: out, overrides: { batchSize: 7 } })).toThrow(ConfigError);
    expect(existsSync(out)).toBe(false);
  });

  it('bounds --threads (each thread holds ~230 MB)', () => {
    for (const threads of ['0', String(maxThreads() + 1)]) {
      const r = spawnSync('node', [bin, 'run', 'paper/adamax-100', '--threads', threads, '--epochs', '0'], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toBe(`quinarium run: --threads: expected 1…${maxThreads()} (each thread holds its own tfjs instance and data, ~230 MB), got ${threads}`);
    }
  });
});
