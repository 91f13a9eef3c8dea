// Fault injection for run directories, loaded with `node --import`: every call that
// changes a file under $QUINARIUM_FAULT_DIR (open for writing, write, truncate, fsync,
// rename, mkdir, remove) is one numbered "write point". With QUINARIUM_FAULT_TRACE=<file>
// each point is appended there as `<n> <op> <path>`; with QUINARIUM_FAULT_KILL=<n>
// and QUINARIUM_FAULT_WHEN=before|after the process SIGKILLs itself just before or just
// after the n-th point: a kill at an exact place, not at a moment picked by timing luck.
// QUINARIUM_FAULT_MATCH=<regex> instead kills at the first point whose `<op> <path>`
// matches (for a process whose trace is not known beforehand, such as a resume).
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const root = process.env.QUINARIUM_FAULT_DIR;
const trace = process.env.QUINARIUM_FAULT_TRACE;
const killAt = Number(process.env.QUINARIUM_FAULT_KILL ?? 0);
const when = process.env.QUINARIUM_FAULT_WHEN ?? 'before';
const match = process.env.QUINARIUM_FAULT_MATCH ? new RegExp(process.env.QUINARIUM_FAULT_MATCH) : null;

if (root && isMainThread) {
  const fdPaths = new Map();
  let count = 0;
  const original = {};
  const inRoot = (p) => typeof p === 'string' && (p === root || p.startsWith(`${root}/`));
  // The trace is written through an fd opened before patching: appendFileSync calls the patched writeFileSync.
  const traceFd = trace ? fs.openSync(trace, 'a') : undefined;
  const point = (op, path, call) => {
    if (!inRoot(path)) return call();
    count += 1;
    const n = count;
    const text = `${op} ${path.slice(root.length)}`;
    if (traceFd !== undefined) original.writeSync(traceFd, `${n} ${text}\n`);
    const kill = n === killAt || (match !== null && match.test(text));
    if (kill && when === 'before') process.kill(process.pid, 'SIGKILL');
    const result = call();
    if (kill && when === 'after') process.kill(process.pid, 'SIGKILL');
    return result;
  };
  const wrap = (name, op, pathOf) => {
    original[name] = fs[name];
    fs[name] = function (...args) {
      return point(op, pathOf(args), () => original[name].apply(this, args));
    };
  };
  const str = (p) => (typeof p === 'string' ? p : p instanceof URL ? p.pathname : Buffer.isBuffer(p) ? p.toString() : undefined);
  const byFd = (args) => (typeof args[0] === 'number' ? fdPaths.get(args[0]) : str(args[0]));
  // open: a point only when it can change the file (w, a, x, +); remember the fd's path either way.
  original.openSync = fs.openSync;
  fs.openSync = function (path, flags = 'r', ...rest) {
    const p = str(path);
    const writes = typeof flags === 'string' ? /[wax+]/.test(flags) : (flags & 3) !== 0;
    const fd = writes ? point('open', p, () => original.openSync.call(this, path, flags, ...rest)) : original.openSync.call(this, path, flags, ...rest);
    if (inRoot(p)) fdPaths.set(fd, p);
    return fd;
  };
  original.closeSync = fs.closeSync;
  fs.closeSync = function (fd) {
    fdPaths.delete(fd);
    return original.closeSync.call(this, fd);
  };
  wrap('writeSync', 'write', byFd);
  wrap('writeFileSync', 'write', byFd);
  wrap('appendFileSync', 'append', byFd);
  wrap('ftruncateSync', 'truncate', byFd);
  wrap('truncateSync', 'truncate', byFd);
  wrap('fsyncSync', 'fsync', byFd);
  wrap('renameSync', 'rename', (a) => str(a[1]));
  wrap('linkSync', 'link', (a) => str(a[1]));
  wrap('mkdirSync', 'mkdir', (a) => str(a[0]));
  wrap('rmSync', 'rm', (a) => str(a[0]));
  wrap('unlinkSync', 'unlink', (a) => str(a[0]));
  syncBuiltinESMExports();
}
