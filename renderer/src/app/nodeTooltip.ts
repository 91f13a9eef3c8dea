import { formatMetric, formatPercent } from '../inspect/formatMetric';
import { replicationVerdict } from '../inspect/replicationVerdict';
import type { LineageLayout } from '../lineage/lineageLayout';
import { h } from '../dom/elements';

/** The hover card over the lineage: id, accuracy, L_SR beside the scale-free r2, RMS θ, bits and the verdict, born/died. Plain text nodes only. */
export class NodeTooltip {
  constructor(private readonly element: HTMLElement) {}

  show(layout: LineageLayout, id: number | null, clientX: number, clientY: number): void {
    const r = id === null ? undefined : layout.row(id);
    if (!r) {
      this.element.hidden = true;
      return;
    }
    const line = (k: string, v: string) => h('div', { class: 'tip-row' }, h('span', { class: 'tip-key', text: k }), h('span', { text: v }));
    this.element.replaceChildren(
      h('div', { class: 'tip-title', text: `#${r.id}${r.parent === null ? ' · founder' : ` · child of #${r.parent}`}` }),
      line('accuracy', formatPercent(r.accuracy)),
      line('before learning', formatPercent(r.innateAccuracy)),
      line('L_SR', formatMetric(r.lsr)),
      line('SRQ', formatMetric(r.srq)),
      line('r2', formatMetric(r.r2)),
      line('RMS θ', formatMetric(r.rmsTheta)),
      line('bits', formatMetric(r.bits)),
      line('transmission r2', formatMetric(r.transmissionR2 ?? null)),
      line('verdict', replicationVerdict(r.r2) ?? '—'),
      line('born', `gen ${r.born}`),
      line('died', r.died === null ? 'alive' : `gen ${r.died}${layout.isExtinct(r.id) ? ' (lineage extinct)' : ''}`),
    );
    this.element.hidden = false;
    const host = this.element.offsetParent?.getBoundingClientRect() ?? { left: 0, top: 0, width: innerWidth, height: innerHeight };
    const w = this.element.offsetWidth, hgt = this.element.offsetHeight;
    // Keep the card inside the view: flip to the left/top near the edges.
    let x = clientX - host.left + 14, y = clientY - host.top + 14;
    if (x + w > host.width - 8) x -= w + 28;
    if (y + hgt > host.height - 8) y -= hgt + 28;
    this.element.style.transform = `translate(${Math.max(4, x)}px, ${Math.max(4, y)}px)`;
  }
}
