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
 * Where one server serves its page, and the path its cookie is scoped to: a random
 * `/q-<id>/`. Cookies ignore ports, so a cookie for 127.0.0.1 at `Path=/` went to every
 * service on every port of this machine (issue 11); scoped to a path no other server
 * knows, the browser sends it back to this server only. 12 URL-safe characters.
 */
export function createServerId(): string {
  return randomBytes(9).toString('base64url');
}

export const mountPath = (serverId: string): string => `/q-${serverId}/`;

/** One cookie per server (two servers on one machine never overwrite each other's). */
export const tokenCookieName = (serverId: string): string => `quinarium_${serverId}`;

export function cookieValue(cookieHeader: string | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Whether a request carries the token, as `?token=` or (when `cookieName` is given) the server's cookie. */
export function requestHasToken(expected: string, url: URL, cookieHeader: string | undefined, cookieName: string | null): boolean {
  if (tokenMatches(expected, url.searchParams.get('token'))) return true;
  return cookieName !== null && tokenMatches(expected, cookieValue(cookieHeader, cookieName));
}

/** The names this server answers to: both loopback addresses, and `localhost` (which may resolve to either). */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

/**
 * Whether the Host header names this server on the loopback address, refusing DNS
 * rebinding (a site whose name resolves to 127.0.0.1 gets its own Host through).
 */
export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  return LOOPBACK_NAMES.some((name) => hostHeader === `${name}:${port}`);
}

/** A WebSocket's Origin, when the browser sends one, must be this server's own page. */
export function isOwnOrigin(originHeader: string | undefined, port: number): boolean {
  if (originHeader === undefined) return true; // not a browser (tests, tools); the token still applies
  return LOOPBACK_NAMES.some((name) => originHeader === `http://${name}:${port}`);
}
