import { h } from '../dom/elements';
import { evolutionVerdict, paperVerdict } from './runVerdict';
import type { RunModel } from './runModel';

/**
 * A line over the centre view saying SPEC's verdict on the run as it stands, so no
 * one reads a falling L_SR as replication: watching evo/default, L_SR falls to 2 and
 * SRQ reaches 9 while r2 stays ≈ 0 (README, "Evolution").
 */
export class VerdictBanner {
  private readonly text = h('span', { class: 'verdict-text' });

  constructor(readonly element: HTMLElement, private readonly model: RunModel) {
    element.append(h('span', { class: 'verdict-badge' }), this.text);
    model.onChange((changes) => {
      if (changes.has('charts') || changes.has('paper') || changes.has('run')) this.refresh();
    });
    this.refresh();
  }

  private refresh(): void {
    const m = this.model;
    const v = m.kind === 'evolution' ? evolutionVerdict(m.generations) : m.kind === 'paper' ? paperVerdict(m.paperRows) : null;
    this.element.hidden = v === null;
    if (!v) return;
    this.element.dataset.verdict = v.verdict;
    (this.element.firstChild as HTMLElement).textContent = v.verdict;
    this.text.textContent = v.text;
  }
}
