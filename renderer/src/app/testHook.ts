import type { LineageView } from '../lineage/lineageView';
import type { RunModel } from './runModel';

/** What end-to-end tests read from the page (`window.__quinarium`): small, stable, read-only. */
export interface QuinariumTestHook {
  nodeCount(): number;
  /** Page (CSS pixel) position of a node's centre, or null when it is not in the lineage. */
  nodeScreenPosition(id: number): { x: number; y: number } | null;
  /** Generations completed (evolution) or epochs reported (paper). */
  generation(): number;
  /** The session state ('none', 'idle', 'running', 'paused', 'stopped', 'done', 'error', 'replay'). */
  state(): string;
  /** Ids of the living individuals (handy targets for a click). */
  livingIds(): number[];
  /** Ids of every node in the lineage. */
  nodeIds(): number[];
  /** What the lineage is coloured by (the legend's label) and the values at the ends of its scale. */
  lineageColour(): { label: string; domain: [number, number] };
  /** The generations the linked charts are zoomed to (their x axes read "generation a–b (zoomed; …)"), or null. */
  chartZoom(): [number, number] | null;
  /**
   * The lineage view's drawing so far: frames drawn, the nodes the last frame drew, when it
   * ended (performance.now()) and its work in ms, and whether it drew the extinct as the
   * level-of-detail raster (how many rasters so far); null without WebGL.
   */
  lineageFrame(): { frames: number; nodes: number; at: number; workMs: number; levelOfDetail: boolean; rasterDraws: number } | null;
}

declare global {
  interface Window { __quinarium?: QuinariumTestHook }
}

export function installTestHook(model: RunModel, view: LineageView | null): void {
  window.__quinarium = {
    nodeCount: () => model.layout.count,
    nodeScreenPosition: (id) => view?.screenPosition(id) ?? null,
    generation: () => model.generation,
    state: () => model.state,
    livingIds: () => {
      const ids: number[] = [];
      for (let i = 0; i < model.layout.count; i++) {
        const id = model.layout.idAt(i);
        if (model.layout.row(id)?.died === null) ids.push(id);
      }
      return ids;
    },
    nodeIds: () => Array.from({ length: model.layout.count }, (_, i) => model.layout.idAt(i)),
    lineageColour: () => ({ label: model.layout.colourBy.label, domain: [...model.layout.colourDomain] as [number, number] }),
    chartZoom: () => (model.zoom ? [model.zoom[0], model.zoom[1]] : null),
    lineageFrame: () => (view ? { frames: view.framesDrawn, nodes: view.drawnNodes, at: view.lastFrameAt, workMs: view.lastFrameMs, levelOfDetail: view.levelOfDetail, rasterDraws: view.rasterDraws } : null),
  };
}
