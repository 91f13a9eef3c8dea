// Runs a TypeScript worker entry under tsx (the CLI runs from sources, with no build step).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
