import { h } from '../dom/elements';
import type { RunModel } from './runModel';

/**
 * Shown while browsing a stored evolution run: a generation slider, play/pause
 * (one generation per tick) and a button back to the live session.
 */
export class ReplayBar {
  private readonly slider = h('input', { type: 'range', min: 0, max: 0, value: 0, step: 1, id: 'replay-slider', 'aria-label': 'Replay generation' });
  private readonly label = h('span', { class: 'replay-label' });
  private readonly play = h('button', { type: 'button', id: 'replay-play', text: '▶ Play' });
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(readonly element: HTMLElement, private readonly model: RunModel, onClose: () => void) {
    element.append(
      h('span', { class: 'replay-title', text: 'Replay' }),
      this.play,
      this.slider,
      this.label,
      h('button', { type: 'button', id: 'replay-close', text: 'Back to live session', onclick: () => {
        this.halt();
        onClose();
      } }),
    );
    this.slider.addEventListener('input', () => {
      this.halt();
      model.showUpTo(Number(this.slider.value));
    });
    this.play.addEventListener('click', () => (this.timer ? this.halt() : this.start()));
    model.onChange((changes) => {
      if (changes.has('status') || changes.has('run')) this.refresh();
    });
  }

  private start(): void {
    const r = this.model.replay;
    if (!r) return;
    if (r.upTo >= r.last) this.model.showUpTo(0);
    this.play.textContent = '❚❚ Pause';
    this.timer = setInterval(() => {
      const now = this.model.replay;
      if (!now || now.upTo >= now.last) return this.halt();
      this.model.showUpTo(now.upTo + 1);
    }, 120);
  }

  private halt(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.play.textContent = '▶ Play';
  }

  private refresh(): void {
    const r = this.model.replay;
    this.element.hidden = !r || this.model.kind !== 'evolution';
    if (!r) return this.halt();
    this.slider.max = String(r.last);
    this.slider.value = String(r.upTo);
    this.label.textContent = `generation ${r.upTo} / ${r.last} · ${r.run.dir}`;
  }
}
