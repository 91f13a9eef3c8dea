/**
 * The Electron main process, kept thin: one locked-down window on the built
 * renderer, the engine in a worker thread, and the validated relay between them.
 * The logic lives in windowOptions.ts, navigationPolicy.ts and ipcRelay.ts (tested
 * without Electron).
 */
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IPC_MESSAGE_CHANNEL, IPC_REQUEST_CHANNEL } from '../../protocol/preloadApi';
import { EngineProcess } from '../engineProcess';
import { keepRunningOnErrors } from '../processPolicy';
import { createIpcRelay } from './ipcRelay';
import { isAllowedNavigation } from './navigationPolicy';
import { windowOptions } from './windowOptions';

// Built layout (electron-vite): out/main/index.js beside out/main/engineWorker.js, out/preload/index.cjs, out/renderer/index.html.
const here = dirname(fileURLToPath(import.meta.url));
const pagePath = join(here, '..', 'renderer', 'index.html');
const pageUrl = pathToFileURL(pagePath).href;

// The main process holds the engine worker and its live run: a stray error is logged, not fatal.
keepRunningOnErrors('quinarium app', (line) => console.error(line));

async function openWindow(): Promise<void> {
  // The page asks for nothing (camera, notifications, …); refuse whatever is asked.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const engine = new EngineProcess(join(here, 'engineWorker.js'), {
    outDir: resolve(process.env.QUINARIUM_RUNS ?? 'runs'),
    dataDir: process.env.QUINARIUM_DATA_DIR,
  });
  const relay = createIpcRelay(engine, pageUrl);
  const window = new BrowserWindow(windowOptions({ preload: join(here, '..', 'preload', 'index.cjs') }));

  ipcMain.handle(IPC_REQUEST_CHANNEL, (e, message: unknown) =>
    relay.request({ url: e.senderFrame?.url, isTopFrame: e.senderFrame !== null && e.senderFrame.parent === null && e.sender === window.webContents }, message));
  const stopForwarding = relay.forwardEvents((m) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_MESSAGE_CHANNEL, m);
  });

  const contents = window.webContents;
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (e, url) => {
    if (!isAllowedNavigation(url, pageUrl)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    stopForwarding();
    ipcMain.removeHandler(IPC_REQUEST_CHANNEL);
    void engine.close().finally(() => app.quit());
  });
  await window.loadFile(pagePath);
}

app.whenReady().then(openWindow).catch((err: Error) => {
  console.error(`quinarium: the app failed to start: ${err.stack ?? err.message}`);
  app.exit(1);
});
app.on('window-all-closed', () => {
  // Quit happens once the engine has stopped (see 'closed' above).
});
