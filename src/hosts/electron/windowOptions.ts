import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The app window's options. The page is untrusted as far as the main process is
 * concerned: isolated from the preload, sandboxed, no Node, web security on; its
 * only way out is the preload's `window.quinarium`.
 */
export function windowOptions(o: { preload: string }): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 920,
    minWidth: 960,
    minHeight: 600,
    title: 'Quinarium',
    backgroundColor: '#0f141b',
    // Shown once the first frame is ready, so the window never flashes white.
    show: false,
    webPreferences: {
      preload: o.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}
