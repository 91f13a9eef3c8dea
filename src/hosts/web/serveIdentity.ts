/**
 * The address and token `quinarium serve` last used for a runs folder, kept in that
 * folder so that a restarted server comes back at the same URL: a page left open on
 * it reconnects by itself instead of talking to a dead port with a dead token.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAccessToken, createServerId } from './accessToken';

/** The access token, the port, and the id of the server's path and cookie (`/q-<id>/`). */
export interface ServeIdentity { token: string; port: number | null; serverId: string }

/** Beside the run directories, hidden from the run listing (which skips non-directories). */
export const SERVE_IDENTITY_FILE = '.quinarium-serve.json';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const SERVER_ID_PATTERN = /^[A-Za-z0-9_-]{12}$/;

/** The identity saved in `folder`, or a fresh token and no port when there is none (or it is unreadable). */
export function loadServeIdentity(folder: string): ServeIdentity {
  const path = join(folder, SERVE_IDENTITY_FILE);
  if (existsSync(path)) {
    try {
      const saved = JSON.parse(readFileSync(path, 'utf8')) as Partial<ServeIdentity>;
      const port = Number.isInteger(saved.port) && saved.port! > 0 && saved.port! < 65536 ? saved.port! : null;
      const serverId = typeof saved.serverId === 'string' && SERVER_ID_PATTERN.test(saved.serverId) ? saved.serverId : createServerId();
      if (typeof saved.token === 'string' && TOKEN_PATTERN.test(saved.token)) return { token: saved.token, port, serverId };
    } catch {
      // A damaged file only costs the stable URL: start afresh.
    }
  }
  return { token: createAccessToken(), port: null, serverId: createServerId() };
}

/** Saves the identity, readable by its owner only (it holds the access token). */
export function saveServeIdentity(folder: string, identity: ServeIdentity): void {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, SERVE_IDENTITY_FILE);
  // Created 0600 (not chmod-ed after), so the token is never readable by others, even briefly.
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, `${JSON.stringify(identity)}\n`, { mode: 0o600 });
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
