/**
 * The one line the CLI prints for an error it did not expect: what failed, on which
 * path or port, in words. Node's fs and net errors carry a code, a syscall and a path
 * (`EACCES: permission denied, mkdir '/ro/runs'`); the words below say what the user
 * can do about it. Everything else is its message (the stack only with --debug).
 */
import { describeThrown } from '../hosts/processPolicy';

/** What each system error code means to someone running the CLI. */
export const SYSTEM_ERROR_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'it already exists',
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'a part of the path is a file, not a directory',
  ENOENT: 'no such file or directory',
  ENOTEMPTY: 'the directory is not empty',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EMFILE: 'too many open files',
  EADDRINUSE: 'the port is already in use (pick another --port, or 0 for a free one)',
  EADDRNOTAVAIL: 'that address is not available on this machine',
};

/** What was being done, by the system call that failed. */
const ACTIONS: Record<string, string> = {
  mkdir: 'create the directory',
  open: 'open',
  read: 'read',
  write: 'write',
  rename: 'rename',
  unlink: 'delete',
  rmdir: 'remove the directory',
  scandir: 'list the directory',
  stat: 'look at',
  lstat: 'look at',
  copyfile: 'copy',
  symlink: 'link',
  listen: 'listen on',
  bind: 'bind',
};

interface SystemError { code?: unknown; syscall?: unknown; path?: unknown; dest?: unknown; address?: unknown; port?: unknown }

/** One line naming what failed and why, for any thrown value. */
export function describeCliError(thrown: unknown): string {
  const e = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as SystemError;
  const code = typeof e.code === 'string' ? e.code : undefined;
  let words = code === undefined ? undefined : SYSTEM_ERROR_WORDS[code];
  if (words === undefined) return describeThrown(thrown).split('\n')[0];
  const syscall = typeof e.syscall === 'string' ? e.syscall : undefined;
  // mkdir -p fails with EEXIST only where a file stands in the directory's place.
  if (code === 'EEXIST' && syscall === 'mkdir') words = 'a file of that name is in the way';
  const action = syscall === undefined ? 'use' : ACTIONS[syscall] ?? syscall;
  const target = typeof e.path === 'string' ? e.path
    : typeof e.address === 'string' ? `${e.address.includes(':') ? `[${e.address}]` : e.address}${typeof e.port === 'number' ? `:${e.port}` : ''}`
      : undefined;
  const dest = typeof e.dest === 'string' ? ` → ${e.dest}` : '';
  return `cannot ${action}${target === undefined ? '' : ` ${target}${dest}`}: ${words} (${code})`;
}
