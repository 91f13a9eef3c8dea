import { ChartsPanel } from './app/chartsPanel';
import { ControlPanel } from './app/controlPanel';
import { byId, h } from './dom/elements';
import { NodeTooltip } from './app/nodeTooltip';
import { PaperView } from './app/paperView';
import { ReplayBar } from './app/replayBar';
import { RunModel } from './app/runModel';
import { StatusBar } from './app/statusBar';
import { VerdictBanner } from './app/verdictBanner';
import { installTestHook } from './app/testHook';
import { connectClient, stripTokenFromAddress } from './client/connectClient';
import { InspectorPanel } from './inspect/inspectorPanel';
import { LineageView } from './lineage/lineageView';
import { COLOUR_BY, type ColourByKey } from './lineage/colourBy';

/** Wires the page: one client, one model, the views that read it, the panels that send requests. */
async function main(): Promise<void> {
  const client = connectClient();
  stripTokenFromAddress();
  const model = new RunModel();
  const transport = { electron: 'desktop', websocket: `server ${location.host}`, demo: 'demo (replay of a recorded run)' }[client.transport];
  const status = new StatusBar(byId('status'), model, transport);
  const reportError = (message: string) => status.showError(message);
  const charts = new ChartsPanel(byId('charts'), model);
  const lineageHost = byId('lineage');
  const paperHost = byId('paper-view');
  const paper = new PaperView(paperHost, model);
  const tooltip = new NodeTooltip(byId('tooltip'));
  new VerdictBanner(byId('verdict-banner'), model);

  let view: LineageView | null = null;
  const select = (id: number | null) => {
    view?.select(id);
    charts.highlight = id;
    charts.requestDraw();
    if (id === null) inspector.close();
    else void inspector.show(id);
  };
  const inspector = new InspectorPanel(byId('inspector'), client, model, select);
  try {
    view = await LineageView.create(lineageHost, model.layout, {
      onHover: (id, x, y) => tooltip.show(model.layout, id, x, y),
      onSelect: select,
    });
  } catch (error) {
    lineageHost.append(h('p', { class: 'view-error', text: `The lineage view needs WebGL, which this browser refused: ${(error as Error).message}` }));
  }
  lineageHost.append(h('div', { class: 'view-toolbar' },
    h('span', { class: 'muted', text: 'drag: pan · wheel: zoom · shift+wheel: time axis · click: inspect' }),
    h('label', { for: 'colour-by', text: 'colour by' }),
    h('select', { id: 'colour-by', onchange: (e: Event) => model.setColourBy((e.target as HTMLSelectElement).value as ColourByKey) },
      ...COLOUR_BY.map((c) => h('option', { value: c.key, text: c.label, selected: c.key === model.colourBy }))),
    h('button', { type: 'button', id: 'btn-fit', text: 'Fit', onclick: () => view?.fit() })));

  const resync = async () => model.loadState(await client.request('state'));
  new ReplayBar(byId('replay-bar'), model, () => void resync().catch((e: Error) => reportError(e.message)));
  const controls = new ControlPanel(byId('controls'), client, model, {
    reportError,
    exportPng: async () => {
      const stamp = `${(model.preset ?? 'quinarium').replace(/\W+/g, '-')}-${model.kind === 'paper' ? 'epoch' : 'gen'}${model.generation}`;
      if (model.kind === 'paper') return { blob: await paper.exportPng(), filename: `${stamp}-loss.png` };
      if (!view) throw new Error('export PNG: the lineage view is not available (no WebGL)');
      return { blob: await view.exportPng(), filename: `${stamp}-lineage.png` };
    },
  });

  model.onChange((changes) => {
    if (changes.has('run')) {
      const isPaper = model.kind === 'paper';
      lineageHost.hidden = isPaper;
      paperHost.hidden = !isPaper;
      paper.requestDraw();
      select(null);
    }
    if (changes.has('lineage') && view) {
      if (view.layout !== model.layout) view.setLayout(model.layout);
      else view.requestRender();
    }
  });

  client.onEvent((event) => {
    model.apply(event);
    // Another page (or `serve --run`) replaced the session: take over its state.
    if (event.type === 'status' && event.state === 'idle' && event.message?.startsWith('created ') && !model.replay) {
      void resync().catch((e: Error) => reportError(e.message));
    }
  });

  installTestHook(model, view);
  const initial = await client.request('state');
  model.loadState(initial);
  await controls.init(initial.preset, initial.config);
}

main().catch((error: Error) => {
  console.error(error);
  const status = document.getElementById('status-message');
  if (status) {
    status.textContent = `Start-up failed: ${error.message}`;
    status.classList.add('error');
  }
});
