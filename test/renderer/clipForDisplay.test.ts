import { describe, expect, it } from 'vitest';
import { clipR2 } from '../../renderer/src/charts/clipForDisplay';

describe('clipR2', () => {
  it('clips to [−1, 1], keeps values inside and NaN (a gap) as they are', () => {
    const out = clipR2([-3.9e8, -1, -0.25, 0.999, 2, Number.NaN, -Infinity]);
    expect(out.slice(0, 5)).toEqual([-1, -1, -0.25, 0.999, 1]);
    expect(out[5]).toBeNaN();
    expect(out[6]).toBe(-1);
  });
});
