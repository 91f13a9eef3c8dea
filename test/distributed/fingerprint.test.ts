import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeVersion, dataFingerprint, fingerprintMismatch } from '../../src/engine/distributed/fingerprint';
import { redisEndpoint } from '../../src/engine/distributed/redisEndpoint';

describe('compute fingerprint', () => {
  it('the code version changes with any engine source, and only with what jobs run', () => {
    const root = mkdtempSync(join(tmpdir(), 'quinarium-code-'));
    for (const d of ['src/engine/a', 'src/protocol', 'src/shared', 'renderer']) mkdirSync(join(root, d), { recursive: true });
    writeFileSync(join(root, 'src/engine/a/x.ts'), 'export const x = 1;\n');
    writeFileSync(join(root, 'src/protocol/p.ts'), 'export type P = 1;\n');
    writeFileSync(join(root, 'src/shared/s.ts'), 'export const s = 1;\n');
    writeFileSync(join(root, 'package.json'), JSON.stringify({ version: '1.0.0', dependencies: { a: '1' } }));
    const v0 = codeVersion(root);
    expect(v0).toMatch(/^[0-9a-f]{64}$/);
    expect(codeVersion(root)).toBe(v0);
    writeFileSync(join(root, 'renderer/app.ts'), 'export const ui = 2;\n');
    expect(codeVersion(root), 'the renderer computes no job').toBe(v0);
    appendFileSync(join(root, 'src/engine/a/x.ts'), '// a comment is a change too\n');
    const v1 = codeVersion(root);
    expect(v1).not.toBe(v0);
    writeFileSync(join(root, 'package.json'), JSON.stringify({ version: '1.0.0', dependencies: { a: '2' } }));
    expect(codeVersion(root)).not.toBe(v1);
  });

  it('the data fingerprint is the data: a copy elsewhere agrees, a changed label does not', async () => {
    const { defaultMnistDirectory } = await import('../../src/engine/data/mnist');
    const copy = mkdtempSync(join(tmpdir(), 'quinarium-mnist-'));
    cpSync(defaultMnistDirectory(), copy, { recursive: true });
    expect(dataFingerprint(copy)).toBe(dataFingerprint());
    const changed = mkdtempSync(join(tmpdir(), 'quinarium-mnist-'));
    cpSync(defaultMnistDirectory(), changed, { recursive: true });
    const labels = join(changed, 't10k-labels-idx1-ubyte');
    const bytes = readFileSync(labels);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] + 1) % 10;
    writeFileSync(labels, bytes);
    expect(dataFingerprint(changed)).not.toBe(dataFingerprint());
  });

  it('a mismatch names each part that differs, this machine first', () => {
    const mine = { code: 'a'.repeat(64), backend: 'wasm (SIMD), tfjs-core 4.22.0', data: 'd'.repeat(64) };
    expect(fingerprintMismatch(mine, { ...mine })).toBeNull();
    expect(fingerprintMismatch(mine, { ...mine, backend: 'cpu, tfjs-core 4.22.0' })).toBe('backend wasm (SIMD), tfjs-core 4.22.0 here, cpu, tfjs-core 4.22.0 at the coordinator');
    expect(fingerprintMismatch(mine, { ...mine, code: 'b'.repeat(64), data: 'e'.repeat(64) })).toBe(`code version ${'a'.repeat(12)}… here, ${'b'.repeat(12)}… at the coordinator; data ${'d'.repeat(12)}… here, ${'e'.repeat(12)}… at the coordinator`);
  });
});

describe('Redis URL', () => {
  it('takes redis:// and rediss:// with password and database, and never shows the password', () => {
    expect(redisEndpoint('redis://127.0.0.1:6379').display).toBe('redis://127.0.0.1:6379');
    expect(redisEndpoint('redis://:s3cret@host:6380/2').display).toBe('redis://:***@host:6380/2');
    expect(redisEndpoint('rediss://user:s3cret@host:6380').display).toBe('rediss://user:***@host:6380');
  });

  it('rejects what is not a Redis URL with one line', () => {
    expect(() => redisEndpoint('127.0.0.1:6379')).toThrow(/^--redis: expected redis:\/\/\[:password@\]host:port\[\/db\] or rediss:\/\/… \(TLS\), got "127\.0\.0\.1:6379"/);
    expect(() => redisEndpoint('not a url')).toThrow(/^--redis: expected redis:\/\/\[:password@\]host:port\[\/db\] or rediss:\/\/… \(TLS\), got "not a url"/);
    expect(() => redisEndpoint('http://host:1')).toThrow(/got protocol "http:"/);
    expect(() => redisEndpoint('redis://host:1/queue')).toThrow(/the path must be a database number/);
  });
});
