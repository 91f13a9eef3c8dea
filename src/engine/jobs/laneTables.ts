import { evolutionJobs } from '../evolve/compute/laneJobs';
import { evolutionProbeJobs } from '../evolve/compute/probeJobs';
import { paperJobs } from '../runs/paperJobs';

/** Every job table the one lane worker serves, by name (a pool names its table when it spawns workers). */
export const laneTables = { [evolutionJobs.name]: evolutionJobs, [paperJobs.name]: paperJobs, [evolutionProbeJobs.name]: evolutionProbeJobs } as const;
