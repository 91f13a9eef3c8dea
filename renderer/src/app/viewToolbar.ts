import { h } from '../dom/elements';
import { COLOUR_BY, type ColourByKey, type SizeByKey } from '../lineage/colourBy';
import { LINEAGE_FILTERS, type LineageFilter } from '../lineage/lineageLayout';
import { KEY_HELP } from './keyboard';
import type { RunModel } from './runModel';

export interface ViewToolbarActions {
  fit(): void;
  setFollow(follow: boolean): void;
  setShowMrca(show: boolean): void;
  /** Collapses or restores a side panel (controls on the left, charts on the right). */
  togglePanel(side: 'controls' | 'charts'): void;
}

/**
 * Above the centre view: side-panel toggles, what the lineage's colour and size show,
 * which lineages it shows, the MRCA highlight, following the live run, and Fit. It
 * wraps onto a second line in a narrow window rather than hiding anything.
 */
export class ViewToolbar {
  readonly follow = h('input', { type: 'checkbox', id: 'follow-live', checked: true });
  readonly mrca = h('input', { type: 'checkbox', id: 'show-mrca' });

  constructor(readonly element: HTMLElement, private readonly model: RunModel, actions: ViewToolbarActions) {
    const metricOptions = (selected: string) => COLOUR_BY.map((c) => h('option', { value: c.key, text: c.label, selected: c.key === selected }));
    const group = (...children: Node[]) => h('span', { class: 'toolbar-group' }, ...children);
    this.follow.addEventListener('change', () => actions.setFollow(this.follow.checked));
    this.mrca.addEventListener('change', () => actions.setShowMrca(this.mrca.checked));
    element.append(
      h('button', { type: 'button', class: 'icon-button panel-toggle', id: 'toggle-controls', title: 'Show or hide the experiment panel', 'aria-label': 'Toggle the experiment panel', text: '◧', onclick: () => actions.togglePanel('controls') }),
      group(h('label', { for: 'colour-by', text: 'colour' }),
        h('select', { id: 'colour-by', onchange: (e: Event) => model.setColourBy((e.target as HTMLSelectElement).value as ColourByKey) }, ...metricOptions(model.colourBy))),
      group(h('label', { for: 'size-by', text: 'size' }),
        h('select', { id: 'size-by', onchange: (e: Event) => model.setSizeBy((e.target as HTMLSelectElement).value as SizeByKey) }, ...metricOptions(model.sizeBy))),
      group(h('label', { for: 'lineage-filter', text: 'show' }),
        h('select', { id: 'lineage-filter', onchange: (e: Event) => model.setFilter((e.target as HTMLSelectElement).value as LineageFilter) },
          ...LINEAGE_FILTERS.map((f) => h('option', { value: f.key, text: f.label, selected: f.key === model.filter })))),
      group(this.mrca, h('label', { for: 'show-mrca', text: 'MRCA', title: 'Ring the most recent common ancestor of everyone alive' })),
      group(this.follow, h('label', { for: 'follow-live', text: 'follow live', title: 'Refit the view as the run grows; it holds still while the pointer is on a node or the inspector is open' })),
      h('button', { type: 'button', id: 'btn-fit', text: 'Fit', title: 'Fit the whole lineage (F)', onclick: () => actions.fit() }),
      h('span', { class: 'muted toolbar-hint', text: KEY_HELP, title: `${KEY_HELP}; drag: pan · wheel: zoom · shift+wheel: time axis · click: inspect` }),
      h('button', { type: 'button', class: 'icon-button panel-toggle', id: 'toggle-charts', title: 'Show or hide the charts panel', 'aria-label': 'Toggle the charts panel', text: '◨', onclick: () => actions.togglePanel('charts') }),
    );
  }

  /** Keeps the follow box in step with the view (panning turns following off). */
  showFollow(follow: boolean): void {
    this.follow.checked = follow;
  }
}
