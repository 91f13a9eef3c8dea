import { h } from '../dom/elements';
import type { RunModel } from './runModel';

/** The bottom line: session state, generation, progress, transport and run directory, last message. */
export class StatusBar {
  private readonly state = h('span', { class: 'status-state', id: 'status-state' });
  private readonly generation = h('span', { class: 'status-generation', id: 'status-generation' });
  private readonly progressBar = h('progress', { class: 'status-progress', max: 1, value: 0 });
  private readonly progressText = h('span', { class: 'status-progress-text' });
  private readonly where = h('span', { class: 'status-where' });
  private readonly message = h('span', { class: 'status-message', id: 'status-message', role: 'status' });
  private error = false;

  constructor(readonly element: HTMLElement, private readonly model: RunModel, private readonly transport: string) {
    element.append(this.state, this.generation, h('span', { class: 'status-progress-group' }, this.progressBar, this.progressText), this.where, this.message);
    model.onChange((changes) => {
      if (changes.has('status') || changes.has('run')) this.refresh();
    });
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
    this.state.textContent = m.state === 'none' ? 'no session' : m.state;
    this.state.dataset.state = m.state;
    const unit = m.kind === 'paper' ? 'epoch' : 'generation';
    this.generation.textContent = m.kind === null ? '' : m.replay ? `${unit} ${m.replay.upTo} of ${m.replay.last}` : `${unit} ${m.generation}`;
    const p = m.progress;
    const total = p && p.total > 0 ? p.total : 0;
    this.progressBar.hidden = !total;
    if (p && total) {
      this.progressBar.value = Math.min(1, p.done / total);
      this.progressText.textContent = `${p.done} / ${total}`;
    } else {
      this.progressText.textContent = '';
    }
    this.where.textContent = `${this.transport}${m.runDir ? ` · ${m.runDir}` : ''}`;
    if (m.message && !this.error) this.message.textContent = m.message;
    if (m.message && this.error && m.message !== this.message.textContent) {
      this.error = false;
      this.message.classList.remove('error');
      this.message.textContent = m.message;
    }
  }
}
