import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const bin = join(__dirname, '../../bin/quinarium.mjs');

/** A `quinarium` subcommand in a child process, its stderr collected, waitable by pattern. */
export class CliProcess {
  readonly child: ChildProcess;
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly watchers: { re: RegExp; from: number; resolve(): void }[] = [];

  /** `binary`: another checkout's bin/quinarium.mjs (a worker of another code version). */
  constructor(args: string[], binary = bin) {
    this.child = spawn('node', [binary, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child.stderr!.on('data', (d: Buffer) => {
      this.stderr += d.toString();
      for (const w of [...this.watchers]) {
        if (w.re.test(this.stderr.slice(w.from))) {
          this.watchers.splice(this.watchers.indexOf(w), 1);
          w.resolve();
        }
      }
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves when stderr written from now on matches `re`; rejects if the process ends first or after `ms`. */
  waitFor(re: RegExp, ms = 120_000): Promise<void> {
    const from = this.stderr.length;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re} in:\n${this.stderr}`)), ms);
      const done = () => { clearTimeout(timer); resolve(); };
      this.watchers.push({ re, from, resolve: done });
      void this.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`process ended (code ${code}, signal ${signal}) before ${re}:\n${this.stderr}`));
      });
    });
  }

  /** Ends the process if still running (SIGTERM, then SIGKILL after `ms`). */
  async stop(ms = 15_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), ms);
    await this.exited;
    clearTimeout(t);
  }
}
