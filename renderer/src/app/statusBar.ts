import { h } from '../dom/elements';
import { evolutionProgress, formatDuration } from './runProgress';
import type { RunModel } from './runModel';

/** What the status bar says while a request is on its way. */
const PENDING_TEXT = { starting: 'starting…', pausing: 'pausing after this generation…', stepping: 'stepping…', stopping: 'stopping…', creating: 'creating the run…', resuming: 'resuming…' } as const;

/**
 * The bottom line: session state (or DISCONNECTED), what is awaited ("stepping…"),
 * progress with its ETA, transport and run directory, last message.
 */
export class StatusBar {
  private readonly state = h('span', { class: 'status-state', id: 'status-state' });
  private readonly pending = h('span', { class: 'status-pending', id: 'status-pending' });
  private readonly generation = h('span', { class: 'status-generation', id: 'status-generation' });
  private readonly progressBar = h('progress', { class: 'status-progress', id: 'status-progress', max: 1, value: 0 });
  private readonly progressText = h('span', { class: 'status-progress-text', id: 'status-eta' });
  private readonly where = h('span', { class: 'status-where' });
  private readonly message = h('span', { class: 'status-message', id: 'status-message', role: 'status' });
  private error = false;

  constructor(readonly element: HTMLElement, private readonly model: RunModel, private readonly transport: string) {
    element.append(this.state, this.pending, this.generation, h('span', { class: 'status-progress-group' }, this.progressBar, this.progressText), this.where, this.message);
    model.onChange((changes) => {
      if (changes.has('status') || changes.has('run') || changes.has('charts')) this.refresh();
    });
    // The ETA and the within-generation bar move with time, not only with events.
    setInterval(() => {
      if (this.model.state === 'running') this.refresh();
    }, 1000);
    this.refresh();
  }

  /** Shows an error until the next ordinary message. */
  showError(text: string): void {
    this.error = true;
    this.message.textContent = text;
    this.message.classList.add('error');
  }

  private refresh(): void {
    const m = this.model;
    const state = !m.connected ? 'disconnected' : m.state === 'none' ? 'no session' : m.state;
    this.state.textContent = state;
    this.state.dataset.state = m.connected ? m.state : 'disconnected';
    this.pending.textContent = m.pending && m.connected ? PENDING_TEXT[m.pending] : '';
    this.pending.hidden = this.pending.textContent === '';
    this.refreshProgress();
    this.where.textContent = `${this.transport}${m.runDir ? ` · ${m.runDir}` : ''}`;
    this.message.title = this.message.textContent ?? '';
    if (!m.connected) {
      this.progressBar.hidden = true;
      this.progressText.textContent = '';
      this.message.textContent = m.connectionDetail;
      this.message.title = m.connectionDetail;
      this.message.classList.add('error');
      this.error = true;
      return;
    }
    if (m.message && !this.error) this.message.textContent = m.message;
    if (m.message && this.error && m.message !== this.message.textContent) {
      this.error = false;
      this.message.classList.remove('error');
      this.message.textContent = m.message;
    }
    if (this.error && this.message.textContent === '' ) this.message.classList.remove('error');
  }

  /** "12 of 40 generations" (the same count live and in replay), a bar and the ETA. */
  private refreshProgress(): void {
    const m = this.model;
    const unit = m.kind === 'paper' ? 'epochs' : 'generations';
    this.progressBar.hidden = true;
    this.progressText.textContent = '';
    if (m.kind === null) {
      this.generation.textContent = '';
      return;
    }
    if (m.kind === 'paper') {
      const p = m.progress;
      this.generation.textContent = `${m.generation} ${unit} done`;
      if (p && p.total > 0 && !m.replay) {
        this.progressBar.hidden = false;
        this.progressBar.value = Math.min(1, p.done / p.total);
        this.progressText.textContent = `${p.label} ${p.done} / ${p.total}`;
      }
      return;
    }
    const total = typeof m.config?.generations === 'number' ? m.config.generations : null;
    const p = evolutionProgress(m.generations, total, m.unitStartedAt, Date.now(), m.state === 'running');
    this.generation.textContent = total === null ? `${p.done} ${unit} done` : `${p.done} of ${total} ${unit}`;
    if (total === null || m.replay) return;
    this.progressBar.hidden = false;
    // Within a generation the bar creeps on at the recent pace (never past the next whole generation).
    const partial = p.unitElapsed !== null && p.unitExpected ? Math.min(0.95, p.unitElapsed / p.unitExpected) : 0;
    this.progressBar.value = Math.min(1, (p.done + (p.done < total ? partial : 0)) / Math.max(1, total));
    if (p.done >= total) this.progressText.textContent = 'all generations done';
    else if (p.etaSeconds !== null) this.progressText.textContent = `ETA ${formatDuration(p.etaSeconds)}${p.unitExpected ? ` · ~${p.unitExpected.toFixed(1)} s a generation` : ''}`;
  }
}
