import type { RunListing } from '../../../src/protocol/messages';
import { h } from '../dom/elements';

/**
 * A modal list of stored runs (newest first); resolves with the chosen directory,
 * or null when dismissed.
 */
export function chooseRun(runs: readonly RunListing[]): Promise<string | null> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'run-browser', 'aria-label': 'Open a stored run' });
    const close = (dir: string | null) => {
      dialog.close();
      dialog.remove();
      resolve(dir);
    };
    const sorted = [...runs].sort((a, b) => b.created.localeCompare(a.created));
    const list = h('ul', { class: 'run-list' });
    for (const run of sorted) {
      list.append(h('li', {},
        h('button', { type: 'button', class: 'run-item', 'data-dir': run.dir, onclick: () => close(run.dir) },
          h('span', { class: `run-kind kind-${run.kind}`, text: run.kind === 'evolution' ? 'evolution' : 'paper' }),
          h('span', { class: 'run-name', text: run.name }),
          h('span', { class: 'run-created', text: run.created.replace('T', ' ').replace(/\.\d+Z?$|Z$/, '') }),
          h('span', { class: 'run-dir', text: run.dir }))));
    }
    dialog.append(
      h('header', {}, h('h2', { text: 'Open a run' }), h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', text: '✕', onclick: () => close(null) })),
      sorted.length ? list : h('p', { class: 'muted', text: 'No stored runs yet. Runs appear here once a session has written its run directory.' }),
    );
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(null);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
