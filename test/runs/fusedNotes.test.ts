import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/engine/config/validate';
import { fusedNotes } from '../../src/engine/runs/fusedNotes';
import { paperConfigSchema } from '../../src/engine/scenarios/paperConfig';

// Every option of a paper arm either runs on the fused kernels or is named in the
// run's log as running on tfjs.

const config = (raw: object) => validateConfig(paperConfigSchema, raw, 'config');

describe('fused backend notes', () => {
  it('the paper\'s options (sse, snapshot targets, selu, no weight normalisation) run fused: no note', () => {
    expect(fusedNotes(config({}))).toEqual([]);
    expect(fusedNotes(config({ model: { kind: 'auxiliary', activation: 'relu' } }))).toEqual([]);
    expect(fusedNotes(config({ method: 'newton' }))).toEqual([]);
  });

  it('names each option that falls back to tfjs', () => {
    expect(fusedNotes(config({ model: { weightNorm: 'per-layer' } }))).toEqual([expect.stringMatching(/weight normalisation "per-layer" runs on tfjs/)]);
    expect(fusedNotes(config({ loss: { replication: 'relative', targets: 'live' } }))).toEqual([
      expect.stringMatching(/replication loss "relative" trains on tfjs/),
      expect.stringMatching(/targets "live" train on tfjs/),
    ]);
    expect(fusedNotes(config({ method: 'hill-climb' }))).toEqual([expect.stringMatching(/hill-climbing judges its proposals on tfjs/)]);
    // Losses matter only where a gradient is taken.
    expect(fusedNotes(config({ method: 'regenerate', loss: { replication: 'cosine' }, regeneration: { optimisationEpochs: 0 } }))).toEqual([]);
  });
});
