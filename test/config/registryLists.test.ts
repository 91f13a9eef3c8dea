import { describe, expect, it } from 'vitest';
import { BACKEND_CHOICES, BACKEND_NAMES } from '../../src/engine/backend/selectBackend';
import { describeSchema } from '../../src/engine/config/schema';
import { evolutionConfigSchema } from '../../src/engine/evolve/evolutionConfig';
import { SELECTION_METHODS, SELECTION_OPERATORS } from '../../src/engine/evolve/selection/registry';
import { paramLayout } from '../../src/engine/models/layout';
import { COORDINATE_ENCODINGS, EMBED_ACTIVATIONS, INIT_SCHEMES, MODEL_KINDS } from '../../src/engine/models/modelSpec';
import { optimizerComparison } from '../../src/engine/scenarios/paper/presets';
import { paperConfigSchema } from '../../src/engine/scenarios/paperConfig';
import { OPTIMIZER_NAMES, optimizerDefinition, optimizerNames } from '../../src/engine/train/optimizers/registry';
import { exportSpec } from '../../src/cli/commands/export';
import { backendFlag } from '../../src/cli/commonFlags';
import { EXPORT_FORMATS, RUN_KINDS } from '../../src/protocol/names';
import { validateRequest } from '../../src/protocol/validateRequest';

const valuesOf = (schema: Parameters<typeof describeSchema>[0], path: string): string[] | undefined =>
  describeSchema(schema).find((f) => f.path === path)?.values;

describe('name lists: one source each', () => {
  it('spells each list as expected (independent literal check)', () => {
    expect(OPTIMIZER_NAMES).toEqual(['sgd', 'momentum', 'adam', 'adagrad', 'adamax', 'rmsprop']);
    expect(SELECTION_METHODS).toEqual(['weighted', 'tournament', 'truncation', 'pareto', 'nsga2-mu-plus-lambda']);
    expect(BACKEND_NAMES).toEqual(['fused', 'tensorflow', 'wasm', 'cpu']);
    expect(BACKEND_CHOICES).toEqual(['auto', 'fused', 'tensorflow', 'wasm', 'cpu']);
    expect(MODEL_KINDS).toEqual(['vanilla', 'auxiliary']);
    expect(MODEL_KINDS.map((k) => paramLayout(k).count)).toEqual([20100, 21100]);
    expect(EXPORT_FORMATS).toEqual(['alife-csv', 'newick', 'jsonl']);
    expect(RUN_KINDS).toEqual(['paper', 'evolution']);
  });

  it('each registry holds exactly its list', () => {
    expect(optimizerNames()).toEqual([...OPTIMIZER_NAMES]);
    for (const name of OPTIMIZER_NAMES) expect(optimizerDefinition(name).name).toBe(name);
    expect(SELECTION_OPERATORS.map((op) => op.name)).toEqual([...SELECTION_METHODS]);
  });

  it("the paper config schema's enum values equal the registry lists", () => {
    expect(valuesOf(paperConfigSchema, 'optimizer')).toEqual([...OPTIMIZER_NAMES]);
    expect(valuesOf(paperConfigSchema, 'model.kind')).toEqual([...MODEL_KINDS]);
    expect(valuesOf(paperConfigSchema, 'model.init')).toEqual([...INIT_SCHEMES]);
    expect(valuesOf(paperConfigSchema, 'model.encoding')).toEqual([...COORDINATE_ENCODINGS]);
    expect(valuesOf(paperConfigSchema, 'model.embedActivation')).toEqual([...EMBED_ACTIVATIONS]);
    // No mini-batch is larger than the largest quine's N.
    expect(paperConfigSchema.batchSize.max).toBe(Math.max(...MODEL_KINDS.map((k) => paramLayout(k).count)));
    expect(paperConfigSchema.model.fields.kind.help).toContain(paramLayout('vanilla').count.toLocaleString('en-US'));
    expect(paperConfigSchema.model.fields.kind.help).toContain(paramLayout('auxiliary').count.toLocaleString('en-US'));
  });

  it("the evolution config schema's enum values equal the registry lists", () => {
    expect(valuesOf(evolutionConfigSchema, 'lifetime.optimizer')).toEqual([...OPTIMIZER_NAMES]);
    expect(valuesOf(evolutionConfigSchema, 'selection.method')).toEqual([...SELECTION_METHODS]);
    expect(valuesOf(evolutionConfigSchema, 'init')).toEqual([...INIT_SCHEMES]);
  });

  it('the paper optimiser comparison runs one arm per registered optimiser', () => {
    expect(optimizerComparison.arms?.map((a) => a.name)).toEqual([...OPTIMIZER_NAMES]);
  });

  it('the CLI flags and the request validation take their values from the lists', () => {
    expect(backendFlag.values).toEqual([...BACKEND_CHOICES]);
    expect(exportSpec.flags.format.values).toEqual([...EXPORT_FORMATS]);
    for (const format of EXPORT_FORMATS) expect(validateRequest({ id: 1, method: 'export', params: { format } }).ok).toBe(true);
    const bad = validateRequest({ id: 1, method: 'export', params: { format: 'csv' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain(`expected one of ${EXPORT_FORMATS.join(', ')}`);
  });
});
