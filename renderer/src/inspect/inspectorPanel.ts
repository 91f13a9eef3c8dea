import type { IndividualDetail, IndividualRow } from '../../../src/protocol/messages';
import type { SessionClient } from '../client/sessionClient';
import { h } from '../dom/elements';
import { formatMetric, formatPercent } from './formatMetric';
import { drawReplicationScatter } from './replicationScatter';
import { replicationVerdict } from './replicationVerdict';
import { paintColourBar, paintMatrix, sharedNormalization } from './weightPicture';

/**
 * What the inspector reads of the run it shows: the lineage as it stands now, and the
 * stored run being replayed (weights then come from its checkpoint). The inspector
 * owns this narrow interface (app's RunModel satisfies it) so that it never imports
 * app, which composes it. `layout` is read on every use because the model replaces
 * it when a new run starts.
 */
export interface InspectedRun {
  readonly layout: {
    row(id: number): IndividualRow | undefined;
    ancestry(id: number): number[];
    children(id: number): number[];
    isExtinct(id: number): boolean;
  };
  readonly storedRun: string | null;
}

/** Ancestries longer than this show their start and end, with the middle on demand. */
const ANCESTRY_SHOWN = 14;

/** The metric rows of the inspector's table: label and how to write one individual's value. */
const METRICS: [string, (r: IndividualRow) => string][] = [
  ['accuracy', (r) => formatPercent(r.accuracy)],
  ['accuracy before learning', (r) => formatPercent(r.innateAccuracy)],
  ['L_SR', (r) => formatMetric(r.lsr)],
  ['SRQ', (r) => formatMetric(r.srq)],
  ['r2 (scale-free)', (r) => formatMetric(r.r2)],
  ['replication', (r) => replicationVerdict(r.r2) ?? '—'],
  ['bits replicated', (r) => formatMetric(r.bits)],
  ['corr(f, θ)', (r) => formatMetric(r.corr)],
  ['transmission r2', (r) => formatMetric(r.transmissionR2 ?? null)],
  ['RMS θ', (r) => formatMetric(r.rmsTheta)],
  ['mean |θ|', (r) => formatMetric(r.meanAbsTheta)],
  ['mutation σ', (r) => formatMetric(r.sigma)],
  ['born', (r) => `gen ${r.born}`],
];

/**
 * The inspector drawer: one individual's metrics beside its parent's, its ancestry
 * and children (each clickable), a "go to #id" box, the scatter of f(c) against θ_c
 * with the line y = x, and its W1/W2 weights beside their predictions on one shared
 * log-normalised colour scale, like the paper's Fig. 7.
 */
export class InspectorPanel {
  private current: number | null = null;
  private readonly body = h('div', { class: 'inspector-body' });
  private readonly title = h('h2', { id: 'inspector-title' });
  private readonly goTo = h('input', { type: 'text', id: 'inspector-goto', inputmode: 'numeric', placeholder: 'go to #id', 'aria-label': 'Go to individual by id', autocomplete: 'off' });

  constructor(readonly element: HTMLElement, private readonly client: SessionClient, private readonly model: InspectedRun, private readonly onSelect: (id: number | null) => void) {
    this.goTo.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      const id = Number(this.goTo.value.replace(/^#/, '').trim());
      if (!Number.isSafeInteger(id) || id < 0 || !this.model.layout.row(id)) {
        this.goTo.classList.add('invalid');
        this.goTo.title = `no individual ${this.goTo.value} in this lineage`;
        return;
      }
      this.goTo.classList.remove('invalid');
      this.goTo.value = '';
      onSelect(id);
    });
    element.append(
      h('header', { class: 'inspector-header' }, this.title, this.goTo,
        h('button', { type: 'button', class: 'icon-button', id: 'inspector-close', 'aria-label': 'Close inspector (Esc)', text: '✕', onclick: () => onSelect(null) })),
      this.body,
    );
  }

  get shown(): number | null { return this.current; }

  close(): void {
    this.current = null;
    this.element.hidden = true;
  }

  /** An individual of the lineage shown: live weights from the host, or a replayed run's from its checkpoint. */
  async show(id: number): Promise<void> {
    const stored = this.model.storedRun;
    const row = this.model.layout.row(id);
    const ancestry = this.model.layout.ancestry(id);
    // The child beside its parent (what it was regenerated from), or beside its founder (what the lineage started as).
    const relatives: { label: string; row: IndividualRow }[] = [];
    const parent = row?.parent === null || row?.parent === undefined ? undefined : this.model.layout.row(row.parent);
    if (parent) relatives.push({ label: `parent #${parent.id}`, row: parent });
    const founder = ancestry.length >= 3 ? this.model.layout.row(ancestry[0]) : undefined;
    if (founder) relatives.push({ label: `founder #${founder.id}`, row: founder });
    await this.open(id, `Individual #${id}`, row ? this.metricsTable(row, relatives) : h('p', { class: 'muted', text: 'not in the lineage shown' }),
      [h('h3', { text: 'Ancestry' }), this.chips(ancestry, 'ancestry', 'Ancestry, founder first'),
        h('h3', { text: 'Children' }), this.children(id)],
      () => (stored ? this.client.request('inspectStored', { dir: stored, id }) : this.client.request('inspect', { id })));
  }

  /** A paper run's k-th lane checkpoint, named `name` (not in any lineage). */
  async showStored(dir: string, k: number, name: string): Promise<void> {
    await this.open(k, `Lane ${name} · ${dir.split('/').pop()}`, h('div', { class: 'lane-metrics' }, h('p', { class: 'muted', text: 'recomputing from the checkpoint…' })), [],
      () => this.client.request('inspectStored', { dir, id: k }), true);
  }

  private async open(id: number, title: string, metrics: HTMLElement, extra: HTMLElement[], fetch: () => Promise<IndividualDetail>, laneMetrics = false): Promise<void> {
    this.current = id;
    this.element.hidden = false;
    this.title.textContent = title;
    const scatter = h('div', { class: 'replication-scatter' }, h('p', { class: 'muted', text: 'loading weights…' }));
    const weights = h('div', { class: 'weights' });
    this.body.replaceChildren(metrics, ...extra, h('h3', { text: 'Replication: f(c) against θ_c' }), scatter, h('h3', { text: 'Weights θ and predictions f(c)' }), weights);
    let detail: IndividualDetail;
    try {
      detail = await fetch();
    } catch (error) {
      if (this.current === id) scatter.replaceChildren(h('p', { class: 'muted', text: `Weights unavailable: ${(error as Error).message}` }));
      return;
    }
    if (this.current !== id) return;
    if (laneMetrics) metrics.replaceChildren(this.metricsTable(detail.individual, []));
    const from = detail.weightsFrom?.replace(/ from \/\S*\/([^/]+\/checkpoints\/\d+)\/?,/, ' from $1,');
    const matrices = detail.weights ?? [];
    if (!matrices.length) {
      scatter.replaceChildren(h('p', { class: 'muted', text: 'The weights of this individual are kept by neither the live population nor the run\'s last checkpoint.' }));
      return;
    }
    const canvas = h('canvas', { class: 'replication-canvas', id: 'replication-canvas', 'aria-label': 'f(c) against θ_c' });
    scatter.replaceChildren(canvas, h('p', { class: 'muted small', text: `${matrices.map((m) => m.name).join(' and ')}: ${matrices.reduce((s, m) => s + m.theta.length, 0).toLocaleString('en')} weights${from ? ` · ${from}` : ''}` }));
    const theta = matrices.flatMap((m) => m.theta), predicted = matrices.flatMap((m) => m.predicted);
    // Drawn once it is laid out (its CSS size sets the backing store).
    // r2 to four decimals (a genuine quine's 0.99998 is not "1"), beside RMS θ: SPEC's verdict also asks whether θ kept its scale.
    const r2 = detail.individual.r2;
    const r2Text = r2 === null ? '—' : Math.abs(r2) < 1e4 ? r2.toFixed(4) : formatMetric(r2);
    requestAnimationFrame(() => drawReplicationScatter(canvas, theta, predicted, `r2 ${r2Text} · RMS θ ${formatMetric(detail.individual.rmsTheta)}`));
    weights.replaceChildren(this.weightPictures(matrices));
  }

  /**
   * This individual's metrics beside a relative's: its parent (the child against what it
   * was regenerated from) or, picked in the column's heading, its founder.
   */
  private metricsTable(r: IndividualRow, relatives: { label: string; row: IndividualRow }[], shown = 0): HTMLElement {
    const extinct = this.model.layout.row(r.id) ? this.model.layout.isExtinct(r.id) : false;
    const status = r.died === null ? 'alive' : extinct ? `died gen ${r.died}; lineage extinct` : `died gen ${r.died}; descendants live`;
    const other = relatives[shown]?.row;
    let heading: HTMLElement | null = null;
    if (relatives.length > 1) {
      const pick = h('select', { class: 'relative-pick', id: 'inspector-relative', 'aria-label': 'Compare with' },
        ...relatives.map((rel, k) => h('option', { value: k, text: rel.label, selected: k === shown })));
      pick.addEventListener('change', () => table.replaceWith(this.metricsTable(r, relatives, Number(pick.value))));
      heading = h('th', { scope: 'col' }, pick);
    } else if (other) {
      heading = h('th', { scope: 'col' }, h('button', { type: 'button', class: 'chip', text: relatives[0].label, onclick: () => this.onSelect(other.id) }));
    }
    const head = h('tr', {}, h('th', {}), h('th', { scope: 'col', text: `#${r.id}` }), heading);
    const rows = METRICS.map(([k, f]) => h('tr', {}, h('th', { scope: 'row', text: k }), h('td', { text: f(r) }), other ? h('td', { class: 'parent-value', text: f(other) }) : null));
    rows.push(h('tr', {}, h('th', { scope: 'row', text: 'status' }), h('td', { text: status, colspan: other ? 2 : 1 })));
    if (!other) rows.push(h('tr', {}, h('th', { scope: 'row', text: 'parent' }), h('td', { text: r.parent === null ? 'founder' : `#${r.parent} (not shown)` })));
    const table = h('table', { class: `metrics-table${other ? ' with-parent' : ''}`, id: 'inspector-metrics' }, h('thead', {}, head), h('tbody', {}, ...rows));
    return table;
  }

  private chips(path: number[], cls: string, label: string): HTMLElement {
    const list = h('ol', { class: cls, 'aria-label': label });
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

  private children(id: number): HTMLElement {
    const kids = this.model.layout.children(id);
    if (!kids.length) return h('p', { class: 'muted small', text: 'none' });
    return this.chips(kids, 'children', 'Children');
  }

  private weightPictures(matrices: NonNullable<IndividualDetail['weights']>): HTMLElement {
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
