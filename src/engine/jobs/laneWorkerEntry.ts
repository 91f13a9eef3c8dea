/**
 * The lane worker's module, for pools to spawn (src/engine/jobs/laneWorker.ts; in the
 * desktop build, laneWorker.js beside the bundle). Kept apart from the job tables so a
 * pipeline can name the worker without loading every table.
 */
export const LANE_WORKER = new URL('./laneWorker.ts', import.meta.url);
