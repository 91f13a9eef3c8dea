import { describe, expect, it } from 'vitest';
import { replicationVerdict, verdictText } from '../../renderer/src/inspect/replicationVerdict';

// SPEC's rule at its boundaries: r2 0.1 and 0.99, and the half-of-initial RMS θ.
describe('replicationVerdict', () => {
  it('splits r2 at 0.1 and 0.99', () => {
    expect(replicationVerdict(-3)).toBe('trivial');
    expect(replicationVerdict(0)).toBe('trivial');
    expect(replicationVerdict(0.0999)).toBe('trivial');
    expect(replicationVerdict(0.1)).toBe('partial');
    expect(replicationVerdict(0.9899)).toBe('partial');
    expect(replicationVerdict(0.99)).toBe('genuine');
    expect(replicationVerdict(1)).toBe('genuine');
  });

  it('a quine shrunk below half its initial RMS θ is partial, not genuine', () => {
    expect(replicationVerdict(1, 0.042, 0.141)).toBe('partial');
    expect(replicationVerdict(1, 0.0705, 0.141)).toBe('genuine');
    expect(replicationVerdict(0.5, 1, 0.141)).toBe('partial');
  });

  it('unmeasured r2 has no verdict; the text names why a verdict is trivial', () => {
    expect(replicationVerdict(null)).toBeNull();
    expect(replicationVerdict(Number.NaN)).toBeNull();
    expect(verdictText(null)).toBe('—');
    expect(verdictText('trivial')).toMatch(/whatever L_SR says/);
  });
});
