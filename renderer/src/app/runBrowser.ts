import type { RunListing } from '../../../src/protocol/messages';
import { h } from '../dom/elements';
import { formatMetric, formatPercent } from '../inspect/formatMetric';

/** What the user asked of the stored runs: open one (replay), compare several, or resume a stopped one. */
export interface RunChoice { action: 'open' | 'compare' | 'resume'; dirs: string[] }

/** "12 / 40 generations" (or epochs), with the total when the config gives one. */
export function runProgressText(run: RunListing): string {
  const unit = run.kind === 'evolution' ? 'gen' : 'epochs';
  return run.total === null ? `${run.done} ${unit}` : `${run.done} / ${run.total} ${unit}`;
}

/**
 * A modal table of stored runs (newest first): status (done, stopped, failed, running),
 * progress, size, seed and best results. Open replays one; tick two or more to
 * compare them; Resume continues a stopped (or killed) evolution from its checkpoint.
 * Resolves with the choice, or null when dismissed.
 */
export function chooseRun(runs: readonly RunListing[]): Promise<RunChoice | null> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'run-browser', 'aria-label': 'Stored runs' });
    const close = (choice: RunChoice | null) => {
      dialog.close();
      dialog.remove();
      resolve(choice);
    };
    const sorted = [...runs].sort((a, b) => b.created.localeCompare(a.created));
    const picked = new Set<string>();
    const compare = h('button', { type: 'button', class: 'primary', id: 'btn-compare-runs', text: 'Compare selected', disabled: true, onclick: () => close({ action: 'compare', dirs: sorted.filter((r) => picked.has(r.dir)).map((r) => r.dir) }) });
    const refresh = () => {
      compare.disabled = picked.size < 2;
      compare.textContent = picked.size >= 2 ? `Compare ${picked.size} runs` : 'Compare selected (tick 2+)';
    };
    const body = h('tbody');
    for (const run of sorted) {
      const tick = h('input', { type: 'checkbox', class: 'run-pick', 'data-dir': run.dir, 'aria-label': `Select ${run.name} for comparison` });
      tick.addEventListener('change', () => {
        if (tick.checked) picked.add(run.dir);
        else picked.delete(run.dir);
        refresh();
      });
      const b = run.best;
      body.append(h('tr', { class: 'run-row', 'data-dir': run.dir, 'data-status': run.status },
        h('td', {}, tick),
        h('td', {}, h('span', { class: `run-kind kind-${run.kind}`, text: run.kind })),
        h('td', { class: 'run-name-cell' },
          h('div', { class: 'run-name', text: run.name }),
          h('div', { class: 'run-dir', text: run.dir, title: run.dir })),
        h('td', {}, h('span', { class: `run-status status-${run.status}`, text: run.status })),
        h('td', { class: 'num', text: runProgressText(run) }),
        h('td', { class: 'num', text: run.size === null ? '—' : String(run.size) }),
        h('td', { class: 'num', text: run.seed === null ? '—' : String(run.seed) }),
        h('td', { class: 'num', text: b ? formatPercent(b.accuracy) : '—' }),
        h('td', { class: 'num', text: b ? formatMetric(b.r2) : '—' }),
        h('td', { class: 'num', text: b ? formatMetric(b.lsr) : '—' }),
        h('td', { class: 'run-actions' },
          h('button', { type: 'button', class: 'run-open', text: 'Open', onclick: () => close({ action: 'open', dirs: [run.dir] }) }),
          run.resumable ? h('button', { type: 'button', class: 'run-resume', text: 'Resume', title: 'Continue from its last checkpoint', onclick: () => close({ action: 'resume', dirs: [run.dir] }) }) : null)));
    }
    const head = h('thead', {}, h('tr', {}, ...['', 'kind', 'run', 'status', 'progress', 'size', 'seed', 'best acc.', 'best r2', 'best L_SR', ''].map((t) => h('th', { text: t }))));
    dialog.append(
      h('header', {}, h('h2', { text: 'Stored runs' }), h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', text: '✕', onclick: () => close(null) })),
      sorted.length
        ? h('div', { class: 'run-table-wrap' }, h('table', { class: 'run-table' }, head, body))
        : h('p', { class: 'muted', text: 'No stored runs yet. Runs appear here once a session has written its run directory.' }),
      h('footer', {}, h('span', { class: 'muted small', text: 'size: population (evolution) or seeds (paper) · best: latest generation, or the best lane at the last epoch' }), compare),
    );
    refresh();
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(null);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
