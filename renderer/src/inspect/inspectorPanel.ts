import type { IndividualDetail, IndividualRow } from '../../../src/protocol/messages';
import type { SessionClient } from '../client/sessionClient';
import { h } from '../dom/elements';
import { formatMetric, formatPercent } from './formatMetric';
import { drawReplicationScatter } from './replicationScatter';
import { replicationVerdict } from './replicationVerdict';
import { livingDescendants } from './descendants';
import { paintColourBar, paintMatrix, sharedNormalization } from './weightPicture';
import { weightsNotKept } from './weightsNote';

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

type Matrices = NonNullable<IndividualDetail['weights']>;

/** A relative shown beside the individual: its label ("parent #3") and lineage row. */
interface Relative { label: string; row: IndividualRow }

/**
 * The inspector drawer: one individual's metrics beside its parent's or founder's, its
 * ancestry, children and living descendants (each clickable), a "go to #id" box, the
 * scatter of f(c) against θ_c with the line y = x, and its W1/W2 weights beside their
 * predictions on one shared log-normalised colour scale, like the paper's Fig. 7 — with
 * the chosen relative's scatter and weights beside them when its weights were kept.
 */
export class InspectorPanel {
  private current: number | null = null;
  /** The title of what is shown (an individual, a lane), to tell a refresh from opening another. */
  private shownTitle: string | null = null;
  /** The relatives of the individual shown, and which one the columns compare with. */
  private relatives: Relative[] = [];
  private relativeShown = 0;
  /** How the weights of an id are fetched for the run shown (live or stored). */
  private fetchDetail: ((id: number) => Promise<IndividualDetail>) | null = null;
  /** The individual's own detail once loaded, and where its weight panels go. */
  private loaded: { detail: IndividualDetail; scatter: HTMLElement; weights: HTMLElement } | null = null;
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
    this.shownTitle = null;
    this.element.hidden = true;
  }

  /** An individual of the lineage shown: live weights from the host, or a replayed run's from its checkpoint. */
  async show(id: number): Promise<void> {
    this.current = id;
    const stored = this.model.storedRun;
    const layout = this.model.layout;
    const row = layout.row(id);
    const ancestry = layout.ancestry(id);
    // The child beside its parent (what it was regenerated from), or beside its founder (what the lineage started as).
    const relatives: Relative[] = [];
    const parent = row?.parent === null || row?.parent === undefined ? undefined : layout.row(row.parent);
    if (parent) relatives.push({ label: `parent #${parent.id}`, row: parent });
    const founder = ancestry.length >= 3 ? layout.row(ancestry[0]) : undefined;
    if (founder) relatives.push({ label: `founder #${founder.id}`, row: founder });
    this.relatives = relatives;
    this.relativeShown = 0;
    const fetch = (which: number) => (stored ? this.client.request('inspectStored', { dir: stored, id: which }) : this.client.request('inspect', { id: which }));
    this.fetchDetail = fetch;
    const living = livingDescendants(id, (x) => layout.children(x), (x) => layout.row(x)?.died === null);
    await this.open(id, `Individual #${id}`, row ? this.metricsTable(row) : h('p', { class: 'muted', text: 'not in the lineage shown' }),
      [h('h3', { text: 'Ancestry' }), this.chips(ancestry, 'ancestry', 'Ancestry, founder first'),
        h('h3', { text: 'Children' }), this.children(id),
        h('h3', { text: `Living descendants (${living.length})` }),
        living.length ? this.chips(living, 'descendants', 'Living descendants', true) : h('p', { class: 'muted small', id: 'inspector-descendants-none', text: `none: no descendant of #${id} is alive` })],
      () => fetch(id));
  }

  /** A paper run's k-th lane checkpoint, named `name` (not in any lineage). */
  async showStored(dir: string, k: number, name: string): Promise<void> {
    this.relatives = [];
    this.fetchDetail = null;
    await this.open(k, `Lane ${name} · ${dir.split('/').pop()}`, h('div', { class: 'lane-metrics' }, h('p', { class: 'muted', text: 'recomputing from the checkpoint…' })), [],
      () => this.client.request('inspectStored', { dir, id: k }), true);
  }

  private async open(id: number, title: string, metrics: HTMLElement, extra: HTMLElement[], fetch: () => Promise<IndividualDetail>, laneMetrics = false): Promise<void> {
    // Another individual starts at its metrics, not wherever the last one was scrolled to.
    if (this.shownTitle !== title) this.body.scrollTop = 0;
    this.shownTitle = title;
    this.current = id;
    this.loaded = null;
    this.element.hidden = false;
    this.title.textContent = title;
    const scatter = h('div', { class: 'replication-scatter' }, h('p', { class: 'muted', text: 'loading weights…' }));
    // Its heading shows only above pictures: an individual whose weights were not kept has none.
    const weights = h('div', { class: 'weights' });
    this.body.replaceChildren(metrics, ...extra, h('h3', { text: 'Replication: f(c) against θ_c' }), scatter, weights);
    let detail: IndividualDetail;
    try {
      detail = await fetch();
    } catch (error) {
      if (this.current === id) scatter.replaceChildren(h('p', { class: 'muted', text: `Weights unavailable: ${(error as Error).message}` }));
      return;
    }
    if (this.current !== id) return;
    if (laneMetrics) metrics.replaceChildren(this.metricsTable(detail.individual));
    this.loaded = { detail, scatter, weights };
    await this.drawWeights();
  }

  /**
   * The individual's f-vs-θ scatter and weight pictures, and beside them those of the
   * relative the metrics columns compare with, when its weights were kept (one colour
   * scale for both, so equal colours mean equal values).
   */
  private async drawWeights(): Promise<void> {
    const loaded = this.loaded, id = this.current;
    if (!loaded || id === null) return;
    const { detail, scatter, weights } = loaded;
    const own = detail.weights ?? [];
    if (!own.length) {
      scatter.replaceChildren(h('p', { class: 'muted weights-not-kept', id: 'weights-not-kept', text: weightsNotKept(detail.individual, detail.checkpointGenerations) }));
      weights.replaceChildren();
      return;
    }
    const relative = this.relatives[this.relativeShown];
    let other: { label: string; matrices: Matrices; detail: IndividualDetail } | null = null;
    let otherNote = '';
    if (relative && this.fetchDetail) {
      scatter.replaceChildren(h('p', { class: 'muted', text: `loading ${relative.label}'s weights…` }));
      try {
        const d = await this.fetchDetail(relative.row.id);
        if (d.weights?.length) other = { label: relative.label, matrices: d.weights, detail: d };
        else otherNote = weightsNotKept(d.individual, d.checkpointGenerations).replace(/^The weights of (#\d+)/, `The weights of ${relative.label.split(' ')[0]} $1`);
      } catch (error) {
        otherNote = `${relative.label}: weights unavailable (${(error as Error).message})`;
      }
      if (this.current !== id || this.loaded !== loaded || this.relatives[this.relativeShown] !== relative) return;
    }
    const panel = (label: string, d: IndividualDetail, matrices: Matrices) => {
      const canvas = h('canvas', { class: 'replication-canvas', 'aria-label': `f(c) against θ_c of ${label}` });
      const from = d.weightsFrom?.replace(/ from \/\S*\/([^/]+\/checkpoints\/\d+)\/?,/, ' from $1,');
      const theta = matrices.flatMap((m) => m.theta), predicted = matrices.flatMap((m) => m.predicted);
      // r2 to four decimals (a genuine quine's 0.99998 is not "1"), beside RMS θ: SPEC's verdict also asks whether θ kept its scale.
      const r2 = d.individual.r2;
      const r2Text = r2 === null ? '—' : Math.abs(r2) < 1e4 ? r2.toFixed(4) : formatMetric(r2);
      const rms = `RMS θ ${formatMetric(d.individual.rmsTheta)}`;
      // Drawn once it is laid out (its CSS size sets the backing store). Two side by side are
      // half as wide, and the canvas title does not wrap: RMS θ moves to the caption there.
      requestAnimationFrame(() => drawReplicationScatter(canvas, theta, predicted, other ? `${label} · r2 ${r2Text}` : `r2 ${r2Text} · ${rms}`));
      return h('figure', { class: 'scatter-panel' }, canvas,
        h('figcaption', { class: 'muted small', text: `${other ? `${label}: ${rms} · ` : ''}${matrices.map((m) => m.name).join(' and ')}: ${matrices.reduce((s, m) => s + m.theta.length, 0).toLocaleString('en')} weights${from ? ` · ${from}` : ''}` }));
    };
    const mine = panel(`#${id}`, detail, own);
    mine.querySelector('canvas')!.id = 'replication-canvas';
    scatter.replaceChildren(h('div', { class: `scatter-pair${other ? ' two' : ''}` }, mine, other ? panel(other.label, other.detail, other.matrices) : ''),
      otherNote ? h('p', { class: 'muted small', id: 'relative-weights-note', text: otherNote }) : '');
    weights.replaceChildren(h('h3', { text: 'Weights θ and predictions f(c)' }), this.weightPictures([{ label: `#${id}`, matrices: own }, ...(other ? [{ label: other.label, matrices: other.matrices }] : [])]));
  }

  /**
   * This individual's metrics beside a relative's: its parent (the child against what it
   * was regenerated from) or, picked in the column's heading, its founder; the weight
   * panels below follow the pick.
   */
  private metricsTable(r: IndividualRow): HTMLElement {
    const relatives = r.id === this.current ? this.relatives : [];
    const shown = this.relativeShown;
    const extinct = this.model.layout.row(r.id) ? this.model.layout.isExtinct(r.id) : false;
    const status = r.died === null ? 'alive' : extinct ? `died gen ${r.died}; lineage extinct` : `died gen ${r.died}; descendants live`;
    const other = relatives[shown]?.row;
    let heading: HTMLElement | null = null;
    if (relatives.length > 1) {
      const pick = h('select', { class: 'relative-pick', id: 'inspector-relative', 'aria-label': 'Compare with' },
        ...relatives.map((rel, k) => h('option', { value: k, text: rel.label, selected: k === shown })));
      pick.addEventListener('change', () => {
        this.relativeShown = Number(pick.value);
        table.replaceWith(this.metricsTable(r));
        void this.drawWeights();
      });
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

  /** Clickable #id chips; a long list shows its start and end, the middle on demand (`all`: the first ones only, then "more"). */
  private chips(path: number[], cls: string, label: string, leading = false): HTMLElement {
    const list = h('ol', { class: cls, 'aria-label': label });
    const chip = (id: number) => h('li', {}, h('button', { type: 'button', class: `chip${id === this.current ? ' current' : ''}`, 'data-id': id, text: `#${id}`, onclick: () => this.onSelect(id) }));
    if (path.length <= ANCESTRY_SHOWN) {
      list.append(...path.map(chip));
      return list;
    }
    const head = leading ? path.slice(0, ANCESTRY_SHOWN - 1) : path.slice(0, 2), tail = leading ? [] : path.slice(-(ANCESTRY_SHOWN - 3));
    const more = h('li', {}, h('button', { type: 'button', class: 'chip more', text: `… ${path.length - head.length - tail.length} more`, onclick: () => list.replaceChildren(...path.map(chip)) }));
    list.append(...head.map(chip), more, ...tail.map(chip));
    return list;
  }

  private children(id: number): HTMLElement {
    const kids = this.model.layout.children(id);
    if (!kids.length) return h('p', { class: 'muted small', text: 'none' });
    return this.chips(kids, 'children', 'Children');
  }

  /**
   * W1 and W2 of each individual shown (the inspected one, then its relative), weights
   * beside predictions, one row per matrix, all on one log-normalised colour scale.
   */
  private weightPictures(who: { label: string; matrices: Matrices }[]): HTMLElement {
    const scale = sharedNormalization(who.flatMap((w) => w.matrices));
    const pair = who.length > 1;
    const figure = h('div', { class: `weight-grid${pair ? ' four' : ''}`, id: 'weight-grid' });
    const names = who[0].matrices.map((m) => m.name);
    for (const name of names) {
      for (const w of who) {
        const m = w.matrices.find((x) => x.name === name);
        if (!m) continue;
        for (const [values, caption] of [[m.theta, `${m.name} θ`], [m.predicted, `${m.name} f(c)`]] as const) {
          const canvas = h('canvas', { class: 'weight-picture', 'aria-label': `${w.label} ${caption}` });
          paintMatrix(canvas, values, m.rows, m.cols, scale);
          figure.append(h('figure', {}, canvas, h('figcaption', { text: pair ? `${w.label} ${caption}` : caption.replace('θ', 'weights θ').replace('f(c)', 'predictions f(c)') })));
        }
      }
    }
    const bar = h('canvas', { class: 'colour-bar' });
    paintColourBar(bar, 256);
    const legend = h('div', { class: 'colour-legend' },
      bar,
      h('div', { class: 'colour-ticks' }, h('span', { text: formatMetric(scale.invert(-1)) }), h('span', { text: '0' }), h('span', { text: formatMetric(scale.invert(1)) })),
      h('p', { class: 'muted small', text: `sign(v)·log(1 + |v|/s) / log(1 + M/s), s = ${formatMetric(scale.scale)}; one scale for all ${pair ? 'eight' : 'four'} panels` }));
    return h('div', {}, figure, legend);
  }
}
