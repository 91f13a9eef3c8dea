import { paperCheckpointNames } from '../../../src/shared/paperCheckpoints';
import { h } from '../dom/elements';
import type { RunModel } from './runModel';

export interface ReplayBarActions {
  /** Leaves the stored run for the host's live session. */
  backToLive(): void;
  /** Opens the inspector on a paper run's k-th lane checkpoint (paperCheckpointNames' order), named `name`. */
  inspectLane(k: number, name: string): void;
  /** Continues a stopped evolution from its last checkpoint. */
  resume(dir: string): void;
}

/**
 * Shown while browsing any stored run. For an evolution: play/pause (one generation
 * per tick; the timeline under the lineage scrubs); for a paper run: a button per lane
 * to inspect its saved quine. Always a way back to the live session.
 */
export class ReplayBar {
  private readonly label = h('span', { class: 'replay-label', id: 'replay-label' });
  private readonly play = h('button', { type: 'button', id: 'replay-play', text: '▶ Play' });
  private readonly lanes = h('span', { class: 'replay-lanes' });
  private readonly resume = h('button', { type: 'button', id: 'replay-resume', text: 'Resume run', title: 'Continue this run from its last checkpoint' });
  private timer: ReturnType<typeof setInterval> | null = null;
  private lanesFor = '';

  constructor(readonly element: HTMLElement, private readonly model: RunModel, private readonly actions: ReplayBarActions) {
    element.append(
      h('span', { class: 'replay-title', text: 'Replay' }),
      this.play,
      this.lanes,
      this.label,
      this.resume,
      h('button', { type: 'button', id: 'replay-close', text: 'Back to live session', onclick: () => {
        this.halt();
        actions.backToLive();
      } }),
    );
    this.play.addEventListener('click', () => (this.timer ? this.halt() : this.start()));
    this.resume.addEventListener('click', () => {
      if (model.runDir) actions.resume(model.runDir);
    });
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
    this.element.hidden = !r;
    if (!r) return this.halt();
    const evolution = this.model.kind === 'evolution';
    this.play.hidden = !evolution;
    this.lanes.hidden = evolution;
    const config = this.model.config;
    const total = config && typeof config.generations === 'number' ? config.generations : null;
    this.resume.hidden = !(evolution && total !== null && r.run.generations.length < total);
    this.label.textContent = r.run.dir;
    if (evolution) return;
    if (this.lanesFor === r.run.dir) return;
    this.lanesFor = r.run.dir;
    const names = paperCheckpointNames(r.run.metrics);
    this.lanes.replaceChildren(h('span', { class: 'muted small', text: 'inspect lane' }),
      ...names.map((name, k) => h('button', { type: 'button', class: 'chip lane-inspect', 'data-lane': name, text: name, title: `Open checkpoint ${name}'s saved quine in the inspector`, onclick: () => this.actions.inspectLane(k, name) })));
  }
}
