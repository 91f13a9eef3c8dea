/**
 * JSON that gives back every number it was given: NaN and ±Infinity (a diverged lane's
 * L_SR, the SRQ of the exact zero quine) are written as `{"$number": "NaN"}` and read back
 * as numbers, where plain JSON.stringify would write null. For checkpoints, which must
 * restore a run's state exactly; logs meant for other tools use toJsonSafe instead.
 */
const TAG = '$number';

export function toLosslessJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { [TAG]: String(v) } : v), 2);
}

export function fromLosslessJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const tagged = (v as Record<string, unknown>)[TAG];
      if (keys.length === 1 && (tagged === 'NaN' || tagged === 'Infinity' || tagged === '-Infinity')) return Number(tagged);
    }
    return v;
  });
}
