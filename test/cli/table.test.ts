import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/cli/table';

describe('renderTable', () => {
  it('pads columns to their widest cell, two spaces apart, with a dashed rule under the header', () => {
    const table = renderTable(
      ['optimiser', 'best L_SR', 'epoch'],
      [
        ['adamax', '32.10', '100'],
        ['sgd', '1234.56', '7'],
      ],
      ['l', 'r', 'r'],
    );
    expect(table).toBe(
      [
        'optimiser  best L_SR  epoch',
        '---------  ---------  -----',
        'adamax         32.10    100',
        'sgd          1234.56      7',
      ].join('\n'),
    );
  });

  it('left-aligns by default, trims trailing spaces, and fills short rows', () => {
    expect(renderTable(['a', 'b'], [['long cell'], ['x', 'y']])).toBe(['a          b', '---------  -', 'long cell', 'x          y'].join('\n'));
  });

  it('counts non-ASCII characters as one column', () => {
    const lines = renderTable(['σ', 'n'], [['±0.5', '3']]).split('\n');
    expect(lines).toEqual(['σ     n', '----  -', '±0.5  3']);
  });

  it('rejects a row with more cells than headers', () => {
    expect(() => renderTable(['a'], [['1', '2']])).toThrow(/renderTable: row 0 has 2 cells, expected at most 1/);
  });
});
