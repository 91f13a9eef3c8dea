import { h } from '../dom/elements';
import type { RunModel } from './runModel';
import { timelinePosition } from './timeline';

export interface TimelineActions {
  /** Brings a generation into the lineage's view (the cursor is drawn there). */
  reveal(generation: number): void;
}

/**
 * The live timeline under the lineage (or the paper run's curves): a slider over the
 * run's generations (epochs) that moves the cursor shared by the charts and the lineage,
 * or, in a replay, the replayed generation. It follows the run's last generation until
 * the user moves it (slider, ←/→); "follow" sends it back to the end.
 */
export class TimelineScrubber {
  private readonly slider = h('input', { type: 'range', min: 0, max: 0, value: 0, step: 1, id: 'timeline-slider', 'aria-label': 'Timeline: generation' });
  private readonly label = h('span', { class: 'timeline-label', id: 'timeline-label' });
  private readonly follow = h('button', { type: 'button', class: 'chip', id: 'timeline-follow', text: 'follow ⇥', title: 'Follow the run\'s last generation again (Esc)' });

  constructor(readonly element: HTMLElement, private readonly model: RunModel, actions: TimelineActions) {
    element.append(h('span', { class: 'timeline-title muted small', text: 'timeline' }), this.slider, this.label, this.follow);
    this.slider.addEventListener('input', () => {
      const g = Number(this.slider.value);
      if (model.replay) model.showUpTo(g);
      else {
        model.pin(g);
        actions.reveal(g);
      }
    });
    this.follow.addEventListener('click', () => {
      if (model.replay) model.showUpTo(model.replay.last);
      else model.pin(null);
    });
    model.onChange((changes) => {
      if (changes.has('charts') || changes.has('paper') || changes.has('lineage') || changes.has('cursor') || changes.has('run') || changes.has('status')) this.refresh();
    });
    this.refresh();
  }

  private refresh(): void {
    const m = this.model;
    this.element.hidden = m.kind === null;
    if (m.kind === null) return;
    const p = timelinePosition({
      last: m.lastGeneration,
      pinned: m.pinned,
      replay: m.replay && m.kind === 'evolution' ? { upTo: m.replay.upTo, last: m.replay.last } : null,
      unit: m.kind === 'paper' ? 'epoch' : 'generation',
    });
    this.slider.max = String(p.max);
    this.slider.value = String(p.value);
    this.slider.disabled = p.max === 0;
    this.label.textContent = p.label;
    this.follow.disabled = p.following;
    this.element.classList.toggle('following', p.following);
  }
}
