import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/engine/config/errors';
import { DataFileError } from '../../src/engine/data/idx';
import { loadMnist } from '../../src/engine/data/mnist';
import { createEvolutionSession } from '../../src/engine/evolve/evolutionSession';
import { createPaperSession } from '../../src/engine/runs/paperSession';
import { makeTmpDir, writeTinySet } from './idx-fixtures';

/** A data directory of `count` training and 10 test images of rows×cols. */
function dataDir(rows: number, cols: number, count: number, testCount = 10): string {
  const dir = makeTmpDir();
  writeTinySet(dir, 'train', { rows, cols, count });
  writeTinySet(dir, 't10k', { rows, cols, count: testCount });
  return dir;
}

// Issue 11: 32×32 images were read at a 784-pixel stride and the run finished with
// exit 0, 10×10 crashed mid-run, an empty set was accepted. Each is now refused
// before any run directory exists, by evolution and by the auxiliary paper runs.
describe('data checked before a run directory exists', () => {
  const cases: [string, string, RegExp][] = [
    ['32×32 images', dataDir(32, 32, 200), /expected 28×28 images \(the auxiliary quine reads 784 pixels\), found 32×32/],
    ['10×10 images', dataDir(10, 10, 200), /expected 28×28 images .*found 10×10/],
    ['no training images', dataDir(28, 28, 0), /train-images-idx3-ubyte: expected at least one image, found 0 images of 28×28/],
    ['no test images', dataDir(28, 28, 200, 0), /t10k-images-idx3-ubyte: expected at least one image, found 0/],
  ];
  for (const [what, dir, message] of cases) {
    it(`refuses ${what} for evolution and for paper/auxiliary`, () => {
      const out = join(makeTmpDir(), 'runs');
      expect(() => createEvolutionSession({ dataDir: dir, outDir: out, overrides: { population: 4 } })).toThrow(DataFileError);
      expect(() => createEvolutionSession({ dataDir: dir, outDir: out, overrides: { population: 4 } })).toThrow(message);
      expect(() => createPaperSession('paper/auxiliary', { dataDir: dir, outDir: out, overrides: { epochs: 1 } })).toThrow(message);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('refuses a validation split that leaves no training images', () => {
    const dir = dataDir(28, 28, 150);
    const out = join(makeTmpDir(), 'runs');
    for (const validation of [150, 200]) {
      const make = () => createEvolutionSession({ dataDir: dir, outDir: out, overrides: { population: 4, evaluation: { validation } } });
      expect(make).toThrow(ConfigError);
      expect(make).toThrow(`config.evaluation.validation: must be below the 150 training images (some must be left for lifetime learning), got ${validation}`);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('still reads any size when asked to (IDX files in general)', () => {
    expect(loadMnist({ dataDir: dataDir(32, 32, 3), size: 'any' }).train.rows).toBe(32);
  });
});
