import type { GenerationRow, IndividualRow } from './records';

/** What a session tells its host: the one event stream the CLI, the app and the web host read. */
export type SessionState = 'idle' | 'running' | 'paused' | 'stopped' | 'done' | 'error';

export type SessionEvent =
  | { type: 'status'; state: SessionState; message?: string }
  | { type: 'progress'; label: string; done: number; total: number; unitDone: number; unitTotal: number; info: Record<string, number | string> }
  | { type: 'metrics'; row: Record<string, unknown> }
  | { type: 'generation'; summary: GenerationRow }
  | { type: 'births'; individuals: IndividualRow[] }
  | { type: 'deaths'; ids: number[]; generation: number }
  /** The population's latest metrics after evaluation (accuracy–L_SR scatter). */
  | { type: 'population'; generation: number; individuals: IndividualRow[] }
  | { type: 'done'; runDir: string; summary: Record<string, unknown> }
  | { type: 'log'; message: string };

export type SessionListener = (e: SessionEvent) => void;
