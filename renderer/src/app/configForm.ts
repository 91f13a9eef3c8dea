import type { FieldInfo } from '../../../src/protocol/messages';
import { setAt, valueAt } from '../client/configPaths';
import { h } from '../dom/elements';

interface Control { field: FieldInfo; input: HTMLInputElement | HTMLSelectElement; initial: unknown; row: HTMLElement; hint: HTMLElement }

/** What the form says about a learning rate of 0: which rate the optimiser then uses. */
export function learningRateHint(lr: number, optimizer: string | undefined, defaults: Record<string, number> | undefined): string {
  if (lr !== 0) return '';
  const rate = optimizer !== undefined ? defaults?.[optimizer] : undefined;
  return rate === undefined ? "0 = the optimiser's default" : `0 = ${optimizer}'s default, ${rate}`;
}

/**
 * The run's parameters as a form generated from `describeConfig` (the schema's
 * fields): number inputs with the schema's bounds, selects for enums, checkboxes
 * for booleans, object fields as group headings. It reports only the fields the
 * user changed, so the preset's own settings stay as the preset defines them.
 */
export class ConfigForm {
  readonly element = h('form', { class: 'config-form', novalidate: true, onsubmit: (e: Event) => e.preventDefault() });
  private controls: Control[] = [];
  /** Group headings (object fields) with the fieldset they head, hidden together when irrelevant. */
  private groups: { field: FieldInfo; element: HTMLElement }[] = [];
  private defaultLearningRates: Record<string, number> | undefined;

  show(fields: readonly FieldInfo[], values: Record<string, unknown>, defaultLearningRates?: Record<string, number>): void {
    this.element.replaceChildren();
    this.controls = [];
    this.groups = [];
    this.defaultLearningRates = defaultLearningRates;
    let group: HTMLElement = this.element;
    for (const field of fields) {
      if (field.kind === 'object') {
        group = h('fieldset', { class: 'config-group', 'data-path': field.path }, h('legend', { text: field.label, title: field.help }));
        this.groups.push({ field, element: group });
        this.element.append(group);
        continue;
      }
      // A top-level field after a group belongs to the form again.
      if (!field.path.includes('.')) group = this.element;
      const initial = valueAt(values, field.path) ?? field.default;
      const input = this.input(field, initial);
      const id = `field-${field.path.replace(/\./g, '-')}`;
      input.id = id;
      input.name = field.path;
      const label = h('label', { for: id, title: field.help }, field.label);
      const hint = h('span', { class: 'config-hint muted', id: `${id}-hint` });
      const row = h('div', { class: `config-row kind-${field.kind}`, title: field.help }, label, input, hint);
      const control: Control = { field, input, initial, row, hint };
      input.addEventListener('input', () => this.changed(control));
      input.addEventListener('change', () => this.changed(control));
      this.controls.push(control);
      group.append(row);
    }
    this.refreshHints();
  }

  private changed(c: Control): void {
    this.check(c);
    this.refreshHints();
  }

  /** Whether a field matters with the form's current values (its `relevantWhen`, when it has one). */
  private relevant(field: FieldInfo): boolean {
    const when = field.relevantWhen;
    if (!when) return true;
    const on = this.controls.find((c) => c.field.path === when.field);
    return !on || when.values.includes(String(this.read(on)));
  }

  /**
   * The words beside fields whose value has a special meaning (a learning rate of 0),
   * and which fields show: those irrelevant to the chosen method (hill-climbing's σ
   * under Newton–Krylov) are hidden, not merely ignored.
   */
  private refreshHints(): void {
    for (const c of this.controls) c.row.hidden = !this.relevant(c.field);
    for (const g of this.groups) g.element.hidden = !this.relevant(g.field);
    const optimizer = this.controls.find((c) => c.field.path === 'optimizer' || c.field.path.endsWith('.optimizer'));
    for (const c of this.controls) {
      const isLr = c.field.path === 'lr' || c.field.path.endsWith('.lr');
      const text = isLr ? learningRateHint(this.read(c) as number, optimizer ? String(this.read(optimizer)) : undefined, this.defaultLearningRates) : '';
      c.hint.textContent = text;
      c.hint.hidden = text === '';
    }
  }

  set disabled(value: boolean) {
    for (const c of this.controls) c.input.disabled = value;
  }

  /** The changed fields as a nested overrides object; throws with every invalid field named. */
  overrides(): Record<string, unknown> {
    const errors = this.controls.map((c) => this.check(c)).filter((e): e is string => e !== null);
    if (errors.length) throw new Error(errors.join('; '));
    const overrides: Record<string, unknown> = {};
    for (const c of this.controls) {
      const value = this.read(c);
      if (value !== c.initial) setAt(overrides, c.field.path, value);
    }
    return overrides;
  }

  /** Sets a field by path (tests and e2e drive the form through this as well as the DOM). */
  setValue(path: string, value: number | string | boolean): void {
    const c = this.controls.find((x) => x.field.path === path);
    if (!c) throw new Error(`ConfigForm.setValue: no field '${path}'; fields are ${this.controls.map((x) => x.field.path).join(', ')}`);
    if (c.input instanceof HTMLInputElement && c.input.type === 'checkbox') c.input.checked = Boolean(value);
    else c.input.value = String(value);
    this.changed(c);
  }

  private input(field: FieldInfo, initial: unknown): HTMLInputElement | HTMLSelectElement {
    switch (field.kind) {
      case 'enum': {
        const select = h('select', {});
        for (const v of field.values ?? []) select.append(h('option', { value: v, text: v }));
        select.value = String(initial ?? '');
        return select;
      }
      case 'boolean': {
        const box = h('input', { type: 'checkbox' });
        box.checked = initial === true;
        return box;
      }
      case 'number':
        return h('input', {
          type: 'number',
          value: String(initial ?? ''),
          min: field.min,
          max: field.max,
          step: field.integer ? 1 : 'any',
          inputmode: field.integer ? 'numeric' : 'decimal',
        });
      default:
        return h('input', { type: 'text', value: String(initial ?? '') });
    }
  }

  private read(c: Control): unknown {
    const { field, input } = c;
    if (field.kind === 'boolean') return (input as HTMLInputElement).checked;
    if (field.kind === 'number') return input.value.trim() === '' ? NaN : Number(input.value);
    return input.value;
  }

  /** Marks the control invalid and returns why (null when fine). */
  private check(c: Control): string | null {
    const { field } = c;
    let error: string | null = null;
    if (field.kind === 'number') {
      const v = this.read(c) as number;
      if (!Number.isFinite(v)) error = `${field.label} must be a number`;
      else if (field.integer && !Number.isInteger(v)) error = `${field.label} must be a whole number, got ${v}`;
      else if (field.min !== undefined && v < field.min) error = `${field.label} must be ≥ ${field.min}, got ${v}`;
      else if (field.max !== undefined && v > field.max) error = `${field.label} must be ≤ ${field.max}, got ${v}`;
    }
    c.input.classList.toggle('invalid', error !== null);
    c.input.title = error ?? field.help;
    return error;
  }
}
