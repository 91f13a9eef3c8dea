import type { ExportFormat, PresetInfo } from '../../../src/protocol/messages';
import type { SessionClient } from '../client/sessionClient';
import { ConfigForm } from './configForm';
import { download } from './download';
import { h } from '../dom/elements';
import { chooseRun } from './runBrowser';
import type { PendingAction, RunModel } from './runModel';
import { buttonStates } from './sessionButtons';

export interface ControlPanelOptions {
  /** The centre view as a PNG (lineage or loss curves, whichever shows). */
  exportPng(): Promise<{ blob: Blob; filename: string }>;
  /** Shows an error to the user. */
  reportError(message: string): void;
  /** Opens the comparison of these stored runs. */
  compareRuns(dirs: string[]): void;
}

const EXPORTS: { format: ExportFormat; label: string }[] = [
  { format: 'alife-csv', label: 'ALife CSV' },
  { format: 'newick', label: 'Newick' },
  { format: 'jsonl', label: 'JSONL' },
];

/**
 * The left panel: preset picker, parameter form, session buttons, stored runs and
 * exports. It sends requests; the RunModel, fed by events, says what to enable.
 */
export class ControlPanel {
  readonly form = new ConfigForm();
  private presets: PresetInfo[] = [];
  private readonly presetSelect = h('select', { id: 'preset-select', 'aria-label': 'Preset' });
  private readonly summary = h('p', { class: 'preset-summary' });
  private readonly buttons = {
    start: h('button', { type: 'button', id: 'btn-start', class: 'primary', text: 'Start' }),
    pause: h('button', { type: 'button', id: 'btn-pause', text: 'Pause' }),
    step: h('button', { type: 'button', id: 'btn-step', text: 'Step', title: 'Advance exactly one generation (or epoch)' }),
    stop: h('button', { type: 'button', id: 'btn-stop', text: 'Stop' }),
  };
  private readonly exportButtons: HTMLButtonElement[] = [];
  private readonly pngButton = h('button', { type: 'button', id: 'btn-export-png', text: 'View as PNG' });
  private readonly formNote = h('p', { class: 'form-note muted' });
  /** Preset and overrides of the session this page created, to tell whether the form changed since. */
  private createdWith: string | null = null;
  private busy = false;
  private defaultLearningRates: Record<string, number> | undefined;
  /** The replayed run whose preset and values the form shows, so a new run starts from them. */
  private formShowsReplay: string | null = null;

  constructor(readonly element: HTMLElement, private readonly client: SessionClient, private readonly model: RunModel, private readonly options: ControlPanelOptions) {
    this.build();
    model.onChange((changes) => {
      if (changes.has('status') || changes.has('run')) this.refresh();
      // loadReplay resets the model (a 'run' change) before it sets the replay: look again on the status change that follows.
      if (changes.has('run') || changes.has('status')) void this.showReplayedConfig();
    });
  }

  /** Loads the preset list and selects `preferred` (the running session's preset) or the first. */
  async init(preferred: string | null, running?: Record<string, unknown> | null): Promise<void> {
    this.presets = await this.client.request('listPresets');
    this.presetSelect.replaceChildren();
    for (const [kind, title] of [['evolution', 'Evolution'], ['paper', 'Paper scenarios']] as const) {
      const group = h('optgroup', { label: title });
      for (const p of this.presets.filter((x) => x.kind === kind)) group.append(h('option', { value: p.name, text: p.name, title: p.title }));
      if (group.childElementCount) this.presetSelect.append(group);
    }
    const name = preferred && this.presets.some((p) => p.name === preferred) ? preferred : this.presets[0]?.name;
    // A session already running (another page, `serve --run --config`) shows its own values.
    if (name) await this.selectPreset(name, name === preferred ? running ?? undefined : undefined);
    this.refresh();
  }

  async selectPreset(name: string, values?: Record<string, unknown>): Promise<void> {
    this.presetSelect.value = name;
    const info = this.presets.find((p) => p.name === name);
    this.summary.replaceChildren(h('strong', { text: info?.title ?? name }), h('br'), info?.summary ?? '');
    const described = await this.client.request('describeConfig', { preset: name });
    this.defaultLearningRates = described.defaultLearningRates;
    this.form.show(described.fields, values ?? described.values, described.defaultLearningRates);
    this.refresh();
  }

  /**
   * While a stored run is replayed the picker and form show that run's preset and
   * values (not the previous session's), so what Start makes is what is on screen: a
   * new run from the replayed run's config.
   */
  private async showReplayedConfig(): Promise<void> {
    const replay = this.model.replay;
    if (!replay) {
      this.formShowsReplay = null;
      return;
    }
    if (this.formShowsReplay === replay.run.dir) return;
    this.formShowsReplay = replay.run.dir;
    const config = replay.run.config;
    const preset = typeof config.preset === 'string' ? config.preset : typeof config.scenario === 'string' ? config.scenario : null;
    if (!preset || !this.presets.some((p) => p.name === preset)) return;
    const values = replay.run.kind === 'evolution'
      ? (config.config as Record<string, unknown> | undefined)
      : ((config.arms as { config: Record<string, unknown> }[] | undefined)?.[0]?.config);
    // The preset's values are what overrides are measured from; the replayed values fill the form.
    await this.selectPreset(preset);
    if (values) this.fillForm(values);
  }

  private fillForm(values: Record<string, unknown>): void {
    const described = this.form.element;
    for (const input of described.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) {
      const path = input.name;
      let v: unknown = values;
      for (const key of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
      if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') this.form.setValue(path, v);
    }
  }

  private build(): void {
    const b = this.buttons;
    this.presetSelect.addEventListener('change', () => this.guard(() => this.selectPreset(this.presetSelect.value)));
    b.start.addEventListener('click', () => this.guard(() => this.start(), true, this.model.state === 'paused' ? 'starting' : 'creating'));
    b.pause.addEventListener('click', () => this.guard(() => this.client.request('pause'), true, 'pausing'));
    b.step.addEventListener('click', () => this.guard(() => this.step(), true, 'stepping'));
    b.stop.addEventListener('click', () => this.guard(() => this.client.request('stop'), true, 'stopping'));
    for (const e of EXPORTS) {
      const button = h('button', { type: 'button', 'data-format': e.format, id: `btn-export-${e.format}`, text: e.label });
      button.addEventListener('click', () => this.guard(() => this.exportLineage(e.format), false));
      this.exportButtons.push(button);
    }
    this.pngButton.addEventListener('click', () => this.guard(async () => {
      const { blob, filename } = await this.options.exportPng();
      download(blob, filename);
    }, false));
    const openRun = h('button', { type: 'button', id: 'btn-open-run', text: 'Runs…', title: 'Stored runs: open, compare, resume', onclick: () => this.guard(() => this.openRun(), false) });
    this.element.append(
      h('header', { class: 'brand' }, h('span', { class: 'brand-mark', text: 'Q' }), h('div', {}, h('h1', { text: 'Quinarium' }), h('p', { class: 'muted', text: 'neural network quines, evolving' }))),
      h('section', { class: 'control-section' }, h('h2', { text: 'Experiment' }), this.presetSelect, this.summary,
        h('div', { class: 'session-buttons' }, b.start, b.pause, b.step, b.stop)),
      h('section', { class: 'control-section parameters' }, h('h2', { text: 'Parameters' }), this.formNote, this.form.element),
      h('section', { class: 'control-section' }, h('h2', { text: 'Runs & export' }),
        h('div', { class: 'button-row' }, openRun, this.pngButton),
        h('div', { class: 'button-row export-row' }, h('span', { class: 'muted', text: 'Lineage' }), ...this.exportButtons)),
    );
  }

  private refresh(): void {
    const state = this.model.state;
    const s = buttonStates(state, this.busy, this.model.connected);
    const b = this.buttons;
    b.start.disabled = !s.start;
    b.start.textContent = s.startLabel;
    b.start.title = s.startLabel === 'Start new run'
      ? 'Makes a new run directory from the form; the run shown stays as it is'
      : s.startLabel === 'Resume' ? 'Continue the paused run (Space)' : 'Start the run set up in the form (Space)';
    b.pause.disabled = !s.pause;
    b.step.disabled = !s.step;
    b.stop.disabled = !s.stop;
    this.form.disabled = s.formLocked;
    this.presetSelect.disabled = s.formLocked;
    this.formNote.textContent = s.formLocked
      ? 'Locked while the session runs; stop it to change parameters.'
      : this.model.replay ? 'The replayed run\'s values: Start new run makes a new run directory from them.' : 'Changes apply to the next Start.';
    const lineage = this.model.kind === 'evolution';
    for (const button of this.exportButtons) button.disabled = !lineage;
    this.pngButton.disabled = this.model.kind === null;
  }

  /** Runs a request with the buttons disabled (and the status bar saying what is awaited), reporting failures instead of throwing. */
  private async guard(task: () => Promise<unknown>, lock = true, pending: PendingAction | null = null): Promise<void> {
    if (lock) {
      this.busy = true;
      this.refresh();
    }
    if (pending) this.model.setPending(pending);
    try {
      await task();
    } catch (error) {
      this.options.reportError((error as Error).message);
    } finally {
      if (pending) this.model.setPending(null);
      if (lock) {
        this.busy = false;
        this.refresh();
      }
    }
  }

  private async start(): Promise<void> {
    const state = this.model.state;
    if (state === 'paused' || (state === 'idle' && !this.formChanged() && !this.model.replay)) {
      await this.client.request('start');
      return;
    }
    await this.create();
    await this.client.request('start');
  }

  private async step(): Promise<void> {
    const state = this.model.state;
    if (!(state === 'paused' || (state === 'idle' && !this.formChanged() && !this.model.replay))) await this.create();
    await this.client.request('step');
  }

  /** True when the picker or form no longer match the session this page created. */
  private formChanged(): boolean {
    if (this.createdWith === null) return this.model.preset !== this.presetSelect.value;
    return this.createdWith !== JSON.stringify([this.presetSelect.value, this.form.overrides()]);
  }

  private async create(): Promise<void> {
    const preset = this.presetSelect.value;
    const overrides = this.form.overrides();
    const created = await this.client.request('create', { preset, overrides });
    this.createdWith = JSON.stringify([preset, overrides]);
    this.model.reset(created.kind, preset, created.runDir, 'idle');
    // Founders are born before any event is sent: the snapshot brings them.
    this.model.loadState(await this.client.request('state'));
  }

  private async openRun(): Promise<void> {
    const choice = await chooseRun(await this.client.request('listRuns'));
    if (choice === null) return;
    if (choice.action === 'open') this.model.loadReplay(await this.client.request('openRun', { dir: choice.dirs[0] }));
    else if (choice.action === 'compare') this.options.compareRuns(choice.dirs);
    else await this.resumeRun(choice.dirs[0]);
  }

  /** Makes a stopped run the live session again, from its last checkpoint, and starts it. */
  async resumeRun(dir: string): Promise<void> {
    await this.guard(async () => {
      const resumed = await this.client.request('resumeRun', { dir });
      this.createdWith = null;
      this.model.loadState(await this.client.request('state'));
      await this.selectPreset(resumed.preset, (await this.client.request('state')).config ?? undefined);
      await this.client.request('start');
    }, true, 'resuming');
  }

  private async exportLineage(format: ExportFormat): Promise<void> {
    const file = await this.client.request('export', { format });
    download(new Blob([file.content], { type: file.mime }), file.filename);
  }
}
