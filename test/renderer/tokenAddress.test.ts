import { describe, expect, it } from 'vitest';
import { addressWithoutToken, stripTokenFromAddress, webSocketAddress } from '../../renderer/src/client/connectClient';

// Issue 11: the token stayed in the address bar (and so in history, bookmarks and
// screenshots) for as long as the page was open. The page takes it out once loaded;
// its WebSocket sits beside it, on the path the server's cookie is scoped to.
describe('the token in the page address', () => {
  it('is taken out, the rest of the address kept', () => {
    expect(addressWithoutToken({ pathname: '/q-abc/', search: '?token=T', hash: '' })).toBe('/q-abc/');
    expect(addressWithoutToken({ pathname: '/q-abc/', search: '?demo=0&token=T&run=x', hash: '#top' })).toBe('/q-abc/?demo=0&run=x#top');
    expect(addressWithoutToken({ pathname: '/q-abc/', search: '?run=x', hash: '' })).toBeNull();
  });

  it('is replaced in place (no reload, no new history entry)', () => {
    const calls: unknown[][] = [];
    const history = { state: { kept: true }, replaceState: (...args: unknown[]) => calls.push(args) } as unknown as History;
    stripTokenFromAddress({ pathname: '/q-abc/', search: '?token=T', hash: '' } as Location, history);
    expect(calls).toEqual([[{ kept: true }, '', '/q-abc/']]);
    stripTokenFromAddress({ pathname: '/q-abc/', search: '', hash: '' } as Location, history);
    expect(calls).toHaveLength(1);
  });

  it('is not needed by the WebSocket, which sits beside the page', () => {
    expect(webSocketAddress({ protocol: 'http:', host: '127.0.0.1:5000', pathname: '/q-abc/' })).toBe('ws://127.0.0.1:5000/q-abc/ws');
    expect(webSocketAddress({ protocol: 'http:', host: 'localhost:5000', pathname: '/q-abc/index.html' })).toBe('ws://localhost:5000/q-abc/ws');
    expect(webSocketAddress({ protocol: 'https:', host: 'h', pathname: '/' })).toBe('wss://h/ws');
  });
});
