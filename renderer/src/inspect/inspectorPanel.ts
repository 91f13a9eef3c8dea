import type { IndividualDetail, IndividualRow } from '../../../src/protocol/messages';
import type { SessionClient } from '../client/sessionClient';
import { h } from '../dom/elements';
import { formatMetric, formatPercent } from './formatMetric';
import { replicationVerdict, verdictText } from './replicationVerdict';
import { paintColourBar, paintMatrix, sharedNormalization } from './weightPicture';

/**
 * What the inspector reads of the run it shows: the lineage as it stands now. The
 * inspector owns this narrow interface (app's RunModel satisfies it) so that it
 * never imports app, which composes it. `layout` is read on every use because the
 * model replaces it when a new run starts.
 */
export interface InspectedRun {
  readonly layout: {
    row(id: number): IndividualRow | undefined;
    ancestry(id: number): number[];
    isExtinct(id: number): boolean;
  };
}

/** Ancestries longer than this show their start and end, with the middle on demand. */
const ANCESTRY_SHOWN = 14;

/**
 * The inspector drawer: one individual's metrics, its ancestry (each ancestor
 * clickable) and its W1/W2 weights beside their predictions on one shared
 * log-normalised colour scale, like the paper's Fig. 7.
 */
export class InspectorPanel {
  private current: number | null = null;
  private readonly body = h('div', { class: 'inspector-body' });
  private readonly title = h('h2', { id: 'inspector-title' });

  constructor(readonly element: HTMLElement, private readonly client: SessionClient, private readonly model: InspectedRun, private readonly onSelect: (id: number | null) => void) {
    element.append(
      h('header', { class: 'inspector-header' }, this.title, h('button', { type: 'button', class: 'icon-button', id: 'inspector-close', 'aria-label': 'Close inspector', text: '✕', onclick: () => onSelect(null) })),
      this.body,
    );
  }

  get shown(): number | null { return this.current; }

  close(): void {
    this.current = null;
    this.element.hidden = true;
  }

  async show(id: number): Promise<void> {
    this.current = id;
    this.element.hidden = false;
    const row = this.model.layout.row(id);
    this.title.textContent = `Individual #${id}`;
    const weights = h('div', { class: 'weights' }, h('p', { class: 'muted', text: 'loading weights…' }));
    this.body.replaceChildren(
      row ? this.metricsTable(row) : h('p', { class: 'muted', text: 'not in the lineage shown' }),
      h('h3', { text: 'Ancestry' }),
      this.ancestry(this.model.layout.ancestry(id)),
      h('h3', { text: 'Weights θ and predictions f(c)' }),
      weights,
    );
    let detail: IndividualDetail;
    try {
      detail = await this.client.request('inspect', { id });
    } catch (error) {
      if (this.current === id) weights.replaceChildren(h('p', { class: 'muted', text: `Weights unavailable: ${(error as Error).message}` }));
      return;
    }
    if (this.current !== id) return;
    weights.replaceChildren(this.weightPictures(detail));
  }

  private metricsTable(r: IndividualRow): HTMLElement {
    const extinct = this.model.layout.isExtinct(r.id);
    const status = r.died === null ? 'alive' : extinct ? `died in generation ${r.died}; lineage extinct` : `died in generation ${r.died}; descendants live`;
    const rows: [string, string][] = [
      ['accuracy', formatPercent(r.accuracy)],
      ['accuracy before learning', formatPercent(r.innateAccuracy)],
      ['L_SR', formatMetric(r.lsr)],
      ['SRQ', formatMetric(r.srq)],
      ['r2 (scale-free)', formatMetric(r.r2)],
      ['replication', verdictText(replicationVerdict(r.r2))],
      ['bits replicated', formatMetric(r.bits)],
      ['corr(f, θ)', formatMetric(r.corr)],
      ['transmission r2 (child at birth vs parent)', formatMetric(r.transmissionR2 ?? null)],
      ['RMS θ', formatMetric(r.rmsTheta)],
      ['mean |θ|', formatMetric(r.meanAbsTheta)],
      ['mutation σ', formatMetric(r.sigma)],
      ['born', `generation ${r.born}`],
      ['status', status],
      ['parent', r.parent === null ? 'founder' : `#${r.parent}`],
    ];
    // The child beside its parent: what the parent had learned and had at birth, against the child's own.
    const parent = r.parent === null ? undefined : this.model.layout.row(r.parent);
    if (parent) rows.push(['parent: learned / before learning', `${formatPercent(parent.accuracy)} / ${formatPercent(parent.innateAccuracy)}`]);
    return h('table', { class: 'metrics-table' }, h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row', text: k }), h('td', { text: v })))));
  }

  private ancestry(path: number[]): HTMLElement {
    const list = h('ol', { class: 'ancestry', 'aria-label': 'Ancestry, founder first' });
    const chip = (id: number) => h('li', {}, h('button', { type: 'button', class: `chip${id === this.current ? ' current' : ''}`, 'data-id': id, text: `#${id}`, onclick: () => this.onSelect(id) }));
    if (path.length <= ANCESTRY_SHOWN) {
      list.append(...path.map(chip));
      return list;
    }
    const head = path.slice(0, 2), tail = path.slice(-(ANCESTRY_SHOWN - 3));
    const more = h('li', {}, h('button', { type: 'button', class: 'chip more', text: `… ${path.length - head.length - tail.length} more`, onclick: () => list.replaceChildren(...path.map(chip)) }));
    list.append(...head.map(chip), more, ...tail.map(chip));
    return list;
  }

  private weightPictures(detail: IndividualDetail): HTMLElement {
    const matrices = detail.weights ?? [];
    if (!matrices.length) return h('p', { class: 'muted', text: 'The weights of this individual are no longer kept (only the living and recent generations have them).' });
    const scale = sharedNormalization(matrices);
    const figure = h('div', { class: 'weight-grid' });
    for (const m of matrices) {
      for (const [values, caption] of [[m.theta, `${m.name} weights θ`], [m.predicted, `${m.name} predictions f(c)`]] as const) {
        const canvas = h('canvas', { class: 'weight-picture', 'aria-label': caption });
        paintMatrix(canvas, values, m.rows, m.cols, scale);
        figure.append(h('figure', {}, canvas, h('figcaption', { text: caption })));
      }
    }
    const bar = h('canvas', { class: 'colour-bar' });
    paintColourBar(bar, 256);
    const legend = h('div', { class: 'colour-legend' },
      bar,
      h('div', { class: 'colour-ticks' }, h('span', { text: formatMetric(scale.invert(-1)) }), h('span', { text: '0' }), h('span', { text: formatMetric(scale.invert(1)) })),
      h('p', { class: 'muted small', text: `sign(v)·log(1 + |v|/s) / log(1 + M/s), s = ${formatMetric(scale.scale)}; one scale for all four panels` }));
    return h('div', {}, figure, legend);
  }
}
