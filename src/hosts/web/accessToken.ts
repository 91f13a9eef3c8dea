/**
 * The secret that keeps other local users' processes and other web sites out of
 * `quinarium serve`: a random token printed in the URL, required on the page, its
 * assets (through a cookie the page load sets) and the WebSocket.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes as URL-safe base64 (43 characters). */
export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * One cookie per port: cookies ignore ports, so two servers on 127.0.0.1 would
 * otherwise overwrite each other's token.
 */
export const tokenCookieName = (port: number): string => `quinarium_token_${port}`;

export function cookieValue(cookieHeader: string | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Whether a request carries the token, as `?token=` or (for the page's own assets) the cookie. */
export function requestHasToken(expected: string, url: URL, cookieHeader: string | undefined, port: number, allowCookie: boolean): boolean {
  if (tokenMatches(expected, url.searchParams.get('token'))) return true;
  return allowCookie && tokenMatches(expected, cookieValue(cookieHeader, tokenCookieName(port)));
}

/**
 * Whether the Host header names this server on the loopback address, refusing DNS
 * rebinding (a site whose name resolves to 127.0.0.1 gets its own Host through).
 */
export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

/** A WebSocket's Origin, when the browser sends one, must be this server's own page. */
export function isOwnOrigin(originHeader: string | undefined, port: number): boolean {
  if (originHeader === undefined) return true; // not a browser (tests, tools); the token still applies
  return originHeader === `http://127.0.0.1:${port}` || originHeader === `http://localhost:${port}`;
}
