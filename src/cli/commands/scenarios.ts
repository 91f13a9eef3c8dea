import { scenarios } from '../../engine/scenarios/registry';
import { renderTable } from '../table';

export function scenariosCommand(json: boolean): void {
  const list = scenarios();
  if (json) {
    console.log(JSON.stringify(list.map((s) => ({ name: s.name, title: s.title, figure: s.figure ?? null, summary: s.summary, arms: s.arms?.map((a) => a.name) ?? [] }))));
    return;
  }
  console.log(renderTable(['scenario', 'figure', 'what it runs'], list.map((s) => [s.name, s.figure ?? '', s.summary])));
}
