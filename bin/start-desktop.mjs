#!/usr/bin/env node
// `npm start`: the desktop app. Electron ≥ 42 fetches its binary on first launch; where
// that cannot happen (offline machines) this says so in one line and points to the
// browser host instead of printing a download stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronPackage = join(root, 'node_modules', 'electron');
const UNAVAILABLE = 'quinarium: the Electron binary is not available on this machine (offline?); run `npx quinarium serve` and open the printed URL in a browser';

/** The Electron executable if it is on disk (as electron's own index.js finds it), else null. */
function electronBinary() {
  const pathFile = join(electronPackage, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const full = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(full) ? full : null;
  }
  if (!relative) return null;
  const full = join(electronPackage, 'dist', relative);
  return existsSync(full) ? full : null;
}

/**
 * Electron's first-launch download, quietly; true when the binary is there afterwards.
 * The progress line appears only if the download is really under way, so an offline
 * machine still gets exactly one line.
 */
async function downloadElectron() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH || !existsSync(join(electronPackage, 'install.js'))) return false;
  const install = spawn(process.execPath, [join(electronPackage, 'install.js')], { stdio: 'ignore' });
  const notice = setTimeout(() => process.stderr.write('quinarium: fetching the Electron binary (first launch)…\n'), 2000);
  const code = await new Promise((done) => {
    install.on('exit', (c) => done(c));
    install.on('error', () => done(1));
  });
  clearTimeout(notice);
  return code === 0 && electronBinary() !== null;
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/** The build is current when all three outputs exist and are newer than every source. */
function buildIsCurrent() {
  const outputs = ['out/main/index.js', 'out/main/engineWorker.js', 'out/preload/index.cjs', 'out/renderer/index.html'].map((p) => join(root, p));
  if (!outputs.every((p) => existsSync(p))) return false;
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  const sources = Math.max(...['src', 'renderer', 'electron.vite.config.ts', 'package.json'].map((p) => newestMtime(join(root, p))));
  return sources <= built;
}

let electron = electronBinary();
if (!electron && (await downloadElectron())) electron = electronBinary();
if (!electron) {
  console.error(UNAVAILABLE);
  process.exit(1);
}

if (!buildIsCurrent()) {
  process.stderr.write('quinarium: building the desktop app (electron-vite build)…\n');
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error(`quinarium: electron-vite build failed (exit ${build.status ?? build.signal}); see the messages above`);
    process.exit(1);
  }
}

// The app directory: Electron reads package.json ("main": "out/main/index.js", "type": "module").
const app = spawn(electron, [root], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
app.on('error', (err) => {
  console.error(`quinarium: could not launch Electron (${err.message}); run \`npx quinarium serve\` and open the printed URL in a browser`);
  process.exit(1);
});
