import { ChartsPanel } from './app/chartsPanel';
import { CompareView } from './app/compareView';
import { ControlPanel } from './app/controlPanel';
import { byId, h } from './dom/elements';
import { keyAction } from './app/keyboard';
import { NodeTooltip } from './app/nodeTooltip';
import { PaperView } from './app/paperView';
import { ReplayBar } from './app/replayBar';
import { RunModel } from './app/runModel';
import { StatusBar } from './app/statusBar';
import { stepTimeline } from './app/timeline';
import { TimelineScrubber } from './app/timelineScrubber';
import { VerdictBanner } from './app/verdictBanner';
import { ViewToolbar } from './app/viewToolbar';
import { installTestHook } from './app/testHook';
import { connectClient, stripTokenFromAddress } from './client/connectClient';
import { InspectorPanel } from './inspect/inspectorPanel';
import { LineageView } from './lineage/lineageView';

/** Wires the page: one client, one model, the views that read it, the panels that send requests. */
async function main(): Promise<void> {
  const client = connectClient();
  stripTokenFromAddress();
  const model = new RunModel();
  const transport = { electron: 'desktop', websocket: `server ${location.host}`, demo: 'demo (replay of a recorded run)' }[client.transport];
  const status = new StatusBar(byId('status'), model, transport);
  const reportError = (message: string) => status.showError(message);
  const app = byId('app');
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
    else {
      // The inspector covers the tooltip's place: hide the card while it is open.
      tooltip.show(model.layout, null, 0, 0);
      void inspector.show(id);
    }
  };
  const inspector = new InspectorPanel(byId('inspector'), client, model, select);
  charts.onSelect = select;
  const toolbar = new ViewToolbar(byId('view-toolbar'), model, {
    fit: () => view?.fit(),
    setFollow: (follow) => view?.setFollow(follow),
    setShowMrca: (show) => view?.setShowMrca(show),
    togglePanel: (side) => app.classList.toggle(`hide-${side}`),
  });
  try {
    view = await LineageView.create(lineageHost, model.layout, {
      onHover: (id, x, y) => tooltip.show(model.layout, inspector.shown === null ? id : null, x, y),
      onSelect: select,
      onFollowChange: (follow) => toolbar.showFollow(follow),
    });
  } catch (error) {
    lineageHost.append(h('p', { class: 'view-error', text: `The lineage view needs WebGL, which this browser refused: ${(error as Error).message}` }));
  }

  const resync = async () => {
    const state = await client.request('state');
    model.loadState(state);
    return state;
  };
  const compare = new CompareView(byId('compare-view'), client, { reportError });
  const controls = new ControlPanel(byId('controls'), client, model, {
    reportError,
    exportPng: async () => {
      const stamp = `${(model.preset ?? 'quinarium').replace(/\W+/g, '-')}-${model.kind === 'paper' ? 'epoch' : 'gen'}${model.generation}`;
      if (model.kind === 'paper') return { blob: await paper.exportPng(), filename: `${stamp}-loss.png` };
      if (!view) throw new Error('export PNG: the lineage view is not available (no WebGL)');
      return { blob: await view.exportPng(), filename: `${stamp}-lineage.png` };
    },
    compareRuns: (dirs) => compare.show(dirs),
  });
  new TimelineScrubber(byId('timeline'), model, { reveal: (g) => view?.reveal(g) });
  new ReplayBar(byId('replay-bar'), model, {
    backToLive: () => void resync().then((s) => controls.init(s.preset, s.config)).catch((e: Error) => reportError(e.message)),
    inspectLane: (k, name) => {
      if (model.runDir) void inspector.showStored(model.runDir, k, name);
    },
    resume: (dir) => void controls.resumeRun(dir),
  });

  model.onChange((changes) => {
    if (changes.has('run')) {
      const isPaper = model.kind === 'paper';
      lineageHost.hidden = isPaper;
      paperHost.hidden = !isPaper;
      byId('centre').classList.toggle('paper-mode', isPaper);
      paper.requestDraw();
      select(null);
    }
    if (changes.has('lineage') && view) {
      if (view.layout !== model.layout) view.setLayout(model.layout);
      else view.requestRender();
    }
    if (changes.has('cursor') || changes.has('run')) {
      view?.setCursor(model.cursor);
      charts.requestDraw();
    }
  });

  client.onEvent((event) => {
    model.apply(event);
    // Another page (or `serve --run`) replaced the session: take over its state.
    if (event.type === 'status' && event.state === 'idle' && event.message?.startsWith('created ') && !model.replay) {
      void resync().catch((e: Error) => reportError(e.message));
    }
  });
  // The web host went away (or came back): say so, and take up its state again on return.
  client.onConnection?.((connected, detail) => {
    model.setConnected(connected, detail);
    if (connected && !model.replay) void resync().then((s) => controls.init(s.preset, s.config)).catch((e: Error) => reportError(e.message));
  });

  document.addEventListener('keydown', (e) => {
    const action = keyAction(e);
    if (!action) return;
    const click = (id: string) => {
      const button = document.getElementById(id) as HTMLButtonElement | null;
      if (button && !button.disabled) button.click();
    };
    switch (action) {
      case 'toggle-run':
        click(model.state === 'running' ? 'btn-pause' : 'btn-start');
        break;
      case 'step':
        click('btn-step');
        break;
      case 'fit':
        view?.fit();
        break;
      case 'previous':
      case 'next': {
        const delta = action === 'next' ? 1 : -1;
        if (model.replay && model.kind === 'evolution') {
          model.showUpTo(Math.max(0, Math.min(model.replay.last, model.replay.upTo + delta)));
        } else {
          model.pin(stepTimeline(model.pinned, model.lastGeneration, delta));
          if (model.cursor !== null) view?.reveal(model.cursor);
        }
        break;
      }
      case 'close':
        if (document.querySelector('dialog[open]')) return; // the dialog closes itself
        if (inspector.shown !== null) select(null);
        else if (!compare.element.hidden) compare.close();
        else model.pin(null);
        break;
    }
    e.preventDefault();
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
