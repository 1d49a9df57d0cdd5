/**
 * Property tests draw from one seed so a CI run is repeatable; FC_SEED=<n> explores another corner,
 * FC_SEED=random a fresh one each run (the failing seed is printed with the counterexample).
 */
import fc from 'fast-check';

const requested = process.env.FC_SEED;
if (requested !== 'random') {
  fc.configureGlobal({ seed: requested === undefined ? 20261126 : Number(requested) });
}
