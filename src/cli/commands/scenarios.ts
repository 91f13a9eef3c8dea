import { presets } from '../../engine/presets/registry';
import { renderTable } from '../table';

/** Every preset of the one registry, paper scenarios and evolution presets, with its kind. */
export function scenariosCommand(json: boolean): void {
  if (json) {
    console.log(JSON.stringify(presets.map((p) => ({
      name: p.name,
      kind: p.kind,
      title: p.title,
      figure: p.kind === 'paper' ? p.figure ?? null : null,
      summary: p.summary,
      arms: p.kind === 'paper' ? p.arms?.map((a) => a.name) ?? [] : [],
    }))));
    return;
  }
  console.log(renderTable(['preset', 'kind', 'figure', 'what it runs'], presets.map((p) => [p.name, p.kind, p.kind === 'paper' ? p.figure ?? '' : '', p.summary])));
  console.log('\npaper: quinarium run <preset>   evolution: quinarium evolve --preset <preset>');
}
