// Commits checkpoint 3 of `root` (argv[2]) holding `value` (argv[3]): run under the fault preload.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitCheckpoint } from '../../src/engine/store/checkpointDir';

const [root, value] = process.argv.slice(2);
commitCheckpoint(root, 'gen', 3, (dir) => writeFileSync(join(dir, 'value.txt'), value));
