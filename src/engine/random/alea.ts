import seedrandom from 'seedrandom';

/** A seedrandom Alea generator with its serializable state (the typings hide the state overloads). */
export interface StatefulRandom { (): number; state(): object }

export function createAlea(seed: string, state?: object): StatefulRandom {
  const make = seedrandom.alea as unknown as (s: string, o: { state: object | boolean }) => StatefulRandom;
  return make(seed, { state: state ?? true });
}
