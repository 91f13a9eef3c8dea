import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../src/hosts/engineProcess';
import type { EngineConnection } from '../../src/hosts/engineConnection';
import { createIpcRelay } from '../../src/hosts/electron/ipcRelay';
import { isAllowedNavigation, isTrustedSender } from '../../src/hosts/electron/navigationPolicy';
import { windowOptions } from '../../src/hosts/electron/windowOptions';
import type { Response } from '../../src/protocol/messages';

const page = 'file:///opt/quinarium/out/renderer/index.html';

describe('windowOptions', () => {
  it('locks the page down: isolated, sandboxed, no Node, web security on', () => {
    const o = windowOptions({ preload: '/opt/quinarium/out/preload/index.cjs' });
    const web = o.webPreferences!;
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.preload).toBe('/opt/quinarium/out/preload/index.cjs');
  });
});

describe('navigationPolicy', () => {
  it('allows only the app page itself (query and hash aside)', () => {
    expect(isAllowedNavigation(page, page)).toBe(true);
    expect(isAllowedNavigation(`${page}?run=1#top`, page)).toBe(true);
    expect(isAllowedNavigation('https://example.com/', page)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', page)).toBe(false);
    expect(isAllowedNavigation('file:///opt/quinarium/out/renderer/bench.html', page)).toBe(false);
    expect(isAllowedNavigation('not a url', page)).toBe(false);
  });

  it('trusts only the top frame of the app page', () => {
    expect(isTrustedSender(page, true, page)).toBe(true);
    expect(isTrustedSender(page, false, page)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true, page)).toBe(false);
    expect(isTrustedSender(undefined, true, page)).toBe(false);
  });
});

/** An engine that records what reached it and answers every request with ok. */
function recordingEngine(): EngineConnection & { received: unknown[]; emit(m: EventMessage): void } {
  const listeners = new Set<(m: EventMessage) => void>();
  const received: unknown[] = [];
  return {
    received,
    request: async (message) => {
      received.push(message);
      return { id: (message as { id: number }).id, ok: true, result: { echoed: (message as { method: string }).method } } as Response;
    },
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (m) => listeners.forEach((l) => l(m)),
  };
}

describe('ipcRelay', () => {
  const trusted = { url: page, isTopFrame: true };

  it('forwards a valid request from the app page and returns its response', async () => {
    const engine = recordingEngine();
    const relay = createIpcRelay(engine, page);
    const response = await relay.request(trusted, { id: 4, method: 'state' });
    expect(response).toEqual({ id: 4, ok: true, result: { echoed: 'state' } });
    expect(engine.received).toEqual([{ id: 4, method: 'state' }]);
  });

  it('refuses an invalid message without reaching the engine', async () => {
    const engine = recordingEngine();
    const relay = createIpcRelay(engine, page);
    const response = await relay.request(trusted, { id: 5, method: 'export', params: { format: 'exe' } });
    expect(response).toMatchObject({ id: 5, ok: false, error: expect.stringMatching(/request\.params\.format \(export\)/) });
    const notObject = await relay.request(trusted, 'state');
    expect(notObject).toMatchObject({ id: -1, ok: false });
    expect(engine.received).toEqual([]);
  });

  it('refuses a sender that is not the app page, or a subframe', async () => {
    const engine = recordingEngine();
    const relay = createIpcRelay(engine, page);
    const foreign = await relay.request({ url: 'https://evil.example/', isTopFrame: true }, { id: 6, method: 'listRuns' });
    expect(foreign).toMatchObject({ id: 6, ok: false, error: expect.stringMatching(/sender https:\/\/evil\.example\/ is not the app page/) });
    const subframe = await relay.request({ url: page, isTopFrame: false }, { id: 7, method: 'listRuns' });
    expect(subframe.ok).toBe(false);
    expect(engine.received).toEqual([]);
  });

  it('delivers engine events until stopped', () => {
    const engine = recordingEngine();
    const relay = createIpcRelay(engine, page);
    const delivered: unknown[] = [];
    const stop = relay.forwardEvents((m) => delivered.push(m));
    engine.emit({ event: { type: 'log', message: 'one' } });
    stop();
    engine.emit({ event: { type: 'log', message: 'two' } });
    expect(delivered).toEqual([{ event: { type: 'log', message: 'one' } }]);
  });

  // A window that throws on one event (destroyed, or the event not cloneable) must not
  // turn the engine's event into an uncaught exception in the main process (issue 11).
  it('keeps delivering after the window throws on one event', () => {
    const engine = recordingEngine();
    const relay = createIpcRelay(engine, page);
    const delivered: unknown[] = [];
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      relay.forwardEvents((m) => {
        if ((m as { event: { message: string } }).event.message === 'bad') throw new Error('Object has been destroyed');
        delivered.push(m);
      });
      expect(() => engine.emit({ event: { type: 'log', message: 'bad' } })).not.toThrow();
      engine.emit({ event: { type: 'log', message: 'good' } });
    } finally {
      console.error = original;
    }
    expect(delivered).toEqual([{ event: { type: 'log', message: 'good' } }]);
    expect(errors).toEqual(['quinarium app: could not send an event to the window: Object has been destroyed']);
  });
});
