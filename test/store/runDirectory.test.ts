import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/engine/store/errors';
import { RUN_FILES, RUN_MANIFEST_FORMAT, RunDirectory } from '../../src/engine/store/runDirectory';

const base = () => mkdtempSync(join(tmpdir(), 'quinarium-rundir-'));

describe('RunDirectory', () => {
  it('creates a directory whose manifest names its format, kind and preset, beside the config as given', () => {
    const now = new Date(2026, 11, 2, 9, 5, 7);
    const run = RunDirectory.create(base(), 'evolution', 'evo/default', { preset: 'evo/default', seed: 3 }, now);
    expect(basename(run.dir)).toBe('evo-default-20261202-090507');
    const manifest = JSON.parse(readFileSync(join(run.dir, 'manifest.json'), 'utf8'));
    expect(manifest).toEqual({ format: RUN_MANIFEST_FORMAT, kind: 'evolution', name: 'evo/default', created: now.toISOString() });
    expect(JSON.parse(readFileSync(join(run.dir, 'config.json'), 'utf8'))).toEqual({ preset: 'evo/default', seed: 3 });
    const opened = RunDirectory.open(run.dir);
    expect(opened.manifest).toEqual(manifest);
    expect(opened.path('lineage')).toBe(join(run.dir, RUN_FILES.lineage));
    expect(opened.has('figures') && opened.has('checkpoints')).toBe(true);
    expect(opened.summary()).toBeNull();
    opened.writeSummary({ done: true });
    expect(RunDirectory.open(run.dir).summary()).toEqual({ done: true });
  });

  // The manifest, not the files present, decides the kind: a paper run that happens to
  // hold a lineage.csv is still a paper run.
  it('takes the kind from the manifest, never from which files exist', () => {
    const run = RunDirectory.create(base(), 'paper', 'paper/adamax-100', {});
    writeFileSync(join(run.dir, 'lineage.csv'), 'id,ancestor_list\n');
    expect(RunDirectory.open(run.dir).kind).toBe('paper');
    expect(() => RunDirectory.openKind(run.dir, 'evolution')).toThrow(/not an evolution run \(its manifest says paper\)/);
    expect(RunDirectory.openKind(run.dir, 'paper').manifest.name).toBe('paper/adamax-100');
  });

  it('reads a directory written before manifests from its config.json', () => {
    const root = base();
    const evo = join(root, 'old-evo');
    mkdirSync(evo);
    writeFileSync(join(evo, 'config.json'), JSON.stringify({ kind: 'evolution', preset: 'evo/fast', created: '2026-01-01T00:00:00.000Z' }));
    expect(RunDirectory.open(evo).manifest).toEqual({ format: RUN_MANIFEST_FORMAT, kind: 'evolution', name: 'evo/fast', created: '2026-01-01T00:00:00.000Z' });
    const paper = join(root, 'old-paper');
    mkdirSync(paper);
    writeFileSync(join(paper, 'config.json'), JSON.stringify({ scenario: 'paper/auxiliary', created: '2026-01-02T00:00:00.000Z' }));
    expect(RunDirectory.open(paper).manifest).toMatchObject({ kind: 'paper', name: 'paper/auxiliary' });
  });

  it('refuses what is not a run directory, and a damaged manifest, with one clear CheckpointError', () => {
    const root = base();
    expect(() => RunDirectory.open(join(root, 'nope'))).toThrow(/nope: run directory does not exist/);
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(() => RunDirectory.open(empty)).toThrow(CheckpointError);
    expect(() => RunDirectory.open(empty)).toThrow(/not a run directory \(no manifest\.json or config\.json\)/);
    const torn = RunDirectory.create(root, 'paper', 'paper/initial-loss', {});
    writeFileSync(torn.path('manifest'), '{"format": "quinarium-run/1", "ki');
    expect(() => RunDirectory.open(torn.dir)).toThrow(/manifest\.json is not valid JSON/);
    writeFileSync(torn.path('manifest'), JSON.stringify({ format: 'quinarium-run/9', kind: 'paper', name: 'x', created: 'y' }));
    expect(() => RunDirectory.open(torn.dir)).toThrow(/format "quinarium-run\/9" is not quinarium-run\/1/);
    writeFileSync(torn.path('manifest'), JSON.stringify({ format: RUN_MANIFEST_FORMAT, kind: 'race', name: 'x', created: 'y' }));
    expect(() => RunDirectory.open(torn.dir)).toThrow(/kind "race" is not one of paper, evolution/);
  });
});
