import { describe, expect, it } from 'vitest';
import { METHODS, validateRequest } from '../../src/protocol/validateRequest';

describe('validateRequest', () => {
  it('accepts every method in its documented shape', () => {
    const good: unknown[] = [
      { id: 0, method: 'listPresets' },
      { id: 1, method: 'describeConfig', params: { preset: 'evo/default' } },
      { id: 2, method: 'create', params: { preset: 'paper/regeneration', overrides: { epochs: 3, hillClimb: { sigma: 0.01 } } } },
      { id: 3, method: 'start' },
      { id: 4, method: 'pause', params: {} },
      { id: 5, method: 'step' },
      { id: 6, method: 'stop' },
      { id: 7, method: 'snapshot' },
      { id: 8, method: 'state' },
      { id: 9, method: 'inspect', params: { id: 0 } },
      { id: 10, method: 'listRuns' },
      { id: 11, method: 'openRun', params: { dir: 'runs/evo-default-20260101-000000' } },
      { id: 12, method: 'export', params: { format: 'alife-csv' } },
      { id: 13, method: 'export', params: { format: 'newick' } },
      { id: 14, method: 'export', params: { format: 'jsonl' } },
      { id: 15, method: 'runSummary', params: { dir: 'runs/evo-default-20260101-000000' } },
      { id: 16, method: 'resumeRun', params: { dir: 'runs/evo-default-20260101-000000' } },
      { id: 17, method: 'inspectStored', params: { dir: 'runs/evo-default-20260101-000000', id: 3 } },
    ];
    for (const message of good) {
      const check = validateRequest(message);
      expect(check, JSON.stringify(message)).toMatchObject({ ok: true });
      if (check.ok) expect(check.request.method).toBe((message as { method: string }).method);
    }
    // Every method of the protocol is covered above.
    expect(new Set(good.map((m) => (m as { method: string }).method))).toEqual(new Set(METHODS));
  });

  it('refuses inspectStored without an integer id', () => {
    const check = validateRequest({ id: 1, method: 'inspectStored', params: { dir: 'runs/x', id: -1 } });
    expect(check).toMatchObject({ ok: false, id: 1, error: expect.stringMatching(/request\.params\.id \(inspectStored\): expected an integer id ≥ 0, got -1/) });
  });

  it('returns a fresh request, not the input object', () => {
    const params = { preset: 'evo/default', overrides: {} };
    const check = validateRequest({ id: 1, method: 'create', params });
    expect(check.ok && check.request).not.toBe(params);
    // A paramless method given `{}` comes back without params.
    const paramless = validateRequest({ id: 2, method: 'start', params: {} });
    expect(paramless.ok && 'params' in paramless.request).toBe(false);
  });

  const bad: [string, unknown, RegExp, number][] = [
    ['not an object', 'listPresets', /request: expected an object .*got "listPresets"/, -1],
    ['null', null, /request: expected an object.*got null/, -1],
    ['an array', [1, 'start'], /got an array/, -1],
    ['missing id', { method: 'start' }, /request\.id: expected an integer ≥ 0, got undefined/, -1],
    ['negative id', { id: -3, method: 'start' }, /request\.id: .*got -3/, -1],
    ['fractional id', { id: 1.5, method: 'start' }, /request\.id: .*got 1\.5/, -1],
    ['string id', { id: '4', method: 'start' }, /request\.id: .*got "4"/, -1],
    ['unknown method', { id: 4, method: 'rm -rf' }, /request\.method: expected one of listPresets, .*got "rm -rf"/, 4],
    ['method not a string', { id: 4, method: 7 }, /request\.method: .*got 7/, 4],
    ['extra top-level key', { id: 5, method: 'start', token: 'x' }, /request: unknown key "token"/, 5],
    ['params on a paramless method', { id: 6, method: 'stop', params: { now: true } }, /request\.params \(stop\): expected none, got an object/, 6],
    ['missing params', { id: 7, method: 'describeConfig' }, /request\.params \(describeConfig\): expected an object with preset, got undefined/, 7],
    ['preset not a string', { id: 8, method: 'describeConfig', params: { preset: 3 } }, /request\.params\.preset \(describeConfig\): expected a non-empty string, got 3/, 8],
    ['empty preset', { id: 8, method: 'create', params: { preset: '', overrides: {} } }, /request\.params\.preset \(create\): expected a non-empty string, got ""/, 8],
    ['overrides an array', { id: 9, method: 'create', params: { preset: 'evo/default', overrides: [1] } }, /request\.params\.overrides \(create\): expected an object, got an array/, 9],
    ['overrides missing', { id: 9, method: 'create', params: { preset: 'evo/default' } }, /request\.params\.overrides \(create\): expected an object, got undefined/, 9],
    ['unknown param', { id: 10, method: 'inspect', params: { id: 1, deep: true } }, /request\.params \(inspect\): unknown key "deep"; expected id/, 10],
    ['inspect id negative', { id: 11, method: 'inspect', params: { id: -1 } }, /request\.params\.id \(inspect\): expected an integer id ≥ 0, got -1/, 11],
    ['inspect id a string', { id: 11, method: 'inspect', params: { id: '1' } }, /request\.params\.id \(inspect\): .*got "1"/, 11],
    ['export format unknown', { id: 12, method: 'export', params: { format: 'xml' } }, /request\.params\.format \(export\): expected one of alife-csv, newick, jsonl, got "xml"/, 12],
    ['openRun dir too long', { id: 13, method: 'openRun', params: { dir: 'x'.repeat(5000) } }, /request\.params\.dir \(openRun\): expected at most 4096 characters, got 5000/, 13],
  ];

  for (const [what, message, error, id] of bad) {
    it(`refuses ${what}, naming the problem`, () => {
      const check = validateRequest(message);
      expect(check.ok).toBe(false);
      if (!check.ok) {
        expect(check.error).toMatch(error);
        expect(check.id).toBe(id);
      }
    });
  }

  it('does not throw on hostile objects', () => {
    const withProto = JSON.parse('{"id": 1, "method": "create", "params": {"preset": "evo/default", "overrides": {}, "__proto__": {"x": 1}}}');
    expect(validateRequest(withProto)).toMatchObject({ ok: false, error: expect.stringMatching(/unknown key "__proto__"/) });
    const classInstance = new (class Fake { id = 1; method = 'start'; })();
    expect(validateRequest(classInstance)).toMatchObject({ ok: false, error: expect.stringMatching(/expected an object/) });
  });

  // Issue 11: a 60 KB `create` whose overrides nested 10,000 objects passed and then
  // overflowed the stack in Worker.postMessage; a `__proto__` key inside the overrides passed too.
  it('refuses overrides nested too deep, too large, or holding a prototype key', () => {
    const deep = JSON.parse(`{"id":3,"method":"create","params":{"preset":"evo/default","overrides":${'{"a":'.repeat(10_000)}{}${'}'.repeat(10_000)}}}`);
    expect(validateRequest(deep)).toMatchObject({ ok: false, id: 3, error: expect.stringMatching(/^request\.params \(create\): nests deeper than 16 levels \(at request\.params\.overrides\.a\.a/) });
    const wide = { id: 4, method: 'create', params: { preset: 'evo/default', overrides: { list: Array.from({ length: 20_000 }, (_, i) => i) } } };
    expect(validateRequest(wide)).toMatchObject({ ok: false, id: 4, error: expect.stringMatching(/holds more than 10000 values/) });
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const hostile = JSON.parse(`{"id":5,"method":"create","params":{"preset":"evo/default","overrides":{"selection":{"${key}":{"elites":0}}}}}`);
      expect(validateRequest(hostile)).toMatchObject({ ok: false, id: 5, error: expect.stringContaining(`holds the key "${key}" at request.params.overrides.selection`) });
    }
    // Real overrides, nested as deep as a config section, still pass.
    expect(validateRequest({ id: 6, method: 'create', params: { preset: 'evo/default', overrides: { selection: { method: 'pareto', elites: 1 } } } })).toMatchObject({ ok: true });
  });
});
