import type { ExportFormat, IndividualRow } from '../../../src/protocol/messages';

const num = (x: number | null): string => (x === null ? '' : String(x));

/** The demo's lineage exports, in the same formats (and ALife columns) as the engine's. */
export function demoExport(rows: readonly IndividualRow[], format: ExportFormat): { filename: string; mime: string; content: string } {
  switch (format) {
    case 'alife-csv': {
      const lines = ['id,ancestor_list,origin_time,destruction_time,accuracy,lsr,srq,corr,mean_abs_theta,sigma,generation'];
      for (const r of rows) {
        lines.push([r.id, r.parent === null ? '[]' : `[${r.parent}]`, r.born, num(r.died), num(r.accuracy), num(r.lsr), num(r.srq), num(r.corr), num(r.meanAbsTheta), r.sigma, r.born].join(','));
      }
      return { filename: 'lineage.csv', mime: 'text/csv', content: lines.join('\n') + '\n' };
    }
    case 'jsonl':
      return { filename: 'lineage.jsonl', mime: 'application/x-ndjson', content: rows.map((r) => JSON.stringify(r)).join('\n') + '\n' };
    case 'newick': {
      const children = new Map<number | null, IndividualRow[]>();
      for (const r of rows) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
      // Iterative post-order: deep lineages would overflow a recursive walk.
      const text = new Map<number, string>();
      const order: IndividualRow[] = [];
      const stack = [...(children.get(null) ?? [])];
      while (stack.length) {
        const r = stack.pop()!;
        order.push(r);
        stack.push(...(children.get(r.id) ?? []));
      }
      for (let k = order.length - 1; k >= 0; k--) {
        const r = order[k];
        const kids = (children.get(r.id) ?? []).map((c) => `${text.get(c.id)}:${c.born - r.born}`);
        text.set(r.id, kids.length ? `(${kids.join(',')})${r.id}` : String(r.id));
      }
      const roots = (children.get(null) ?? []).map((r) => text.get(r.id));
      return { filename: 'lineage.nwk', mime: 'text/plain', content: `(${roots.join(',')});\n` };
    }
  }
}
