#!/usr/bin/env node
// Builds the fused compute kernels (kernels/*.ts, AssemblyScript) into
// kernels/build/quine.wasm with the AssemblyScript compiler from node_modules: run by
// `npm ci` (the prepare script) and, when the source has changed since, on first use
// (src/engine/fused/kernelModule.ts). Writes quine.wasm and quine.stamp (the hash of the
// source, compiler version and flags the binary was built from).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const KERNEL_SOURCE = join(root, 'kernels', 'quine.ts');
export const KERNEL_BUILD = join(root, 'kernels', 'build');
// Shared memory so a helper thread computes on the same θ and inputs (threads feature);
// the host owns every byte of it, so no runtime, no allocator, no data segments.
export const KERNEL_FLAGS = ['-O3', '--noAssert', '--runtime', 'stub', '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '32768', '--enable', 'simd', '--enable', 'threads', '--use', 'abort='];

/** The stamp of the current source: what a built binary must carry to be used. */
export function kernelStamp() {
  const require = createRequire(import.meta.url);
  const version = JSON.parse(readFileSync(require.resolve('assemblyscript/package.json'), 'utf8')).version;
  return createHash('sha256').update(readFileSync(KERNEL_SOURCE)).update(version).update(KERNEL_FLAGS.join(' ')).digest('hex');
}

export async function buildKernels() {
  const { default: asc } = await import('assemblyscript/asc');
  mkdirSync(KERNEL_BUILD, { recursive: true });
  const tmp = join(KERNEL_BUILD, `quine.${process.pid}.${Math.random().toString(36).slice(2)}.wasm`);
  let errors = '';
  const { error } = await asc.main([KERNEL_SOURCE, ...KERNEL_FLAGS, '--outFile', tmp], { stderr: { write: (s) => { errors += s; return true; } } });
  if (error) throw new Error(`kernels: AssemblyScript build failed: ${error.message}\n${errors}`);
  renameSync(tmp, join(KERNEL_BUILD, 'quine.wasm'));
  writeFileSync(join(KERNEL_BUILD, 'quine.stamp'), kernelStamp());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t = performance.now();
  await buildKernels();
  console.log(`kernels: built kernels/build/quine.wasm in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
