import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeCliError } from '../../src/cli/errorMessage';
import { startWebServer } from '../../src/hosts/web/webServer';

const bin = join(__dirname, '../../bin/quinarium.mjs');
const quinarium = (args: string[]) => spawnSync('node', [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
const small = ['--population', '3', '--generations', '1', '--lifetime-steps', '1', '--evaluation-validation', '100', '--backend', 'wasm'];

/** An fs error as Node makes it (code, syscall, path), without needing the condition (root ignores permissions). */
function systemError(code: string, syscall: string, extra: Record<string, unknown>): Error {
  return Object.assign(new Error(`${code}: something, ${syscall}`), { code, syscall, ...extra });
}

describe('the CLI error handler', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quinarium-cli-errors-'));
  const aFile = join(dir, 'a-file');
  writeFileSync(aFile, 'not a directory');

  // Before issue 11 each of these exited 7 with ~39 KB of minified tfjs-wasm glue on stderr.
  it('says in one line when --out is a file, and exits 1', () => {
    const r = quinarium(['evolve', ...small, '--out', aFile]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([`quinarium evolve: cannot create the directory ${aFile}: a file of that name is in the way (EEXIST) (--debug shows where)`]);
  });

  it('says in one line when --out runs through a file', () => {
    const r = quinarium(['evolve', ...small, '--out', join(aFile, 'runs')]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^quinarium evolve: cannot create the directory .*a-file\/runs: a part of the path is a file, not a directory \(ENOTDIR\)/);
  });

  it('prints the stack with --debug', () => {
    const r = quinarium(['evolve', ...small, '--out', aFile, '--debug']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^quinarium evolve: cannot create the directory .*\(EEXIST\)\nError: EEXIST: .*\n\s+at /);
    expect(r.stderr.length).toBeLessThan(5000);
  });

  it('refuses a config file holding null, a number or an array as a usage error (2)', () => {
    for (const [name, text, got] of [['null.json', 'null', 'null'], ['number.json', '3', '3'], ['array.json', '[1]', 'an array']]) {
      writeFileSync(join(dir, name), text);
      const r = quinarium(['evolve', '--config', join(dir, name), '--out', join(dir, 'never')]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([`quinarium evolve: ${join(dir, name)}: expected a JSON object of config fields (e.g. {"population": 8}), got ${got}`]);
    }
    mkdirSync(join(dir, 'a-dir.json'));
    const r = quinarium(['evolve', '--config', join(dir, 'a-dir.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot read config file .*a-dir\.json: is a directory\n$/);
  });

  it('maps system errors to words', () => {
    expect(describeCliError(systemError('EACCES', 'mkdir', { path: '/ro/runs' }))).toBe('cannot create the directory /ro/runs: permission denied (EACCES)');
    expect(describeCliError(systemError('EISDIR', 'open', { path: '/tmp/x' }))).toBe('cannot open /tmp/x: it is a directory, not a file (EISDIR)');
    expect(describeCliError(systemError('EEXIST', 'rename', { path: '/a', dest: '/b' }))).toBe('cannot rename /a → /b: it already exists (EEXIST)');
    expect(describeCliError(systemError('EADDRINUSE', 'listen', { address: '127.0.0.1', port: 8080 })))
      .toBe('cannot listen on 127.0.0.1:8080: the port is already in use (pick another --port, or 0 for a free one) (EADDRINUSE)');
    expect(describeCliError(systemError('EADDRINUSE', 'listen', { address: '::1', port: 8080 }))).toMatch(/^cannot listen on \[::1\]:8080: /);
    expect(describeCliError(new TypeError('x is not a function\n    at y'))).toBe('TypeError: x is not a function');
    expect(describeCliError(42)).toBe('42');
  });

  // `serve --port <busy>`: the listen error reaches main's handler as EADDRINUSE, which it words as above.
  it('sees a busy port as EADDRINUSE from the web server', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;
    const rendererDir = mkdtempSync(join(tmpdir(), 'quinarium-busy-'));
    writeFileSync(join(rendererDir, 'index.html'), '<p>x</p>');
    const engine = { request: async () => ({ id: 0, ok: true as const, result: null }), onEvent: () => () => {} };
    const error = await startWebServer({ engine, rendererDir, token: 't', port }).then(() => null, (e: unknown) => e);
    blocker.close();
    expect(describeCliError(error)).toBe(`cannot listen on 127.0.0.1:${port}: the port is already in use (pick another --port, or 0 for a free one) (EADDRINUSE)`);
  });
});
