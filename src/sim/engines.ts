/**
 * Which engine runs a replication, decided in one place for simulate(), simulateAsync() and the worker
 * threads. The default is the fastest engine that fits the model: the departure recursion for feed-forward
 * FCFS pipelines, the event engine otherwise; `simjs` is the independent reference, only on request.
 */
import type { Model } from '../model/types.ts';
import { fastReplication, type RunControl } from './fast-engine.ts';
import type { Network } from './network.ts';
import { recursionEligibility, recursionReplication } from './recursion-engine.ts';
import { Xoshiro128 } from './rng.ts';
import { simjsReplication } from './simjs-engine.ts';
import type { Tally } from './tally.ts';
import type { EngineName } from './types.ts';

/** One replication on its own stream of the run's seed. */
export type Replication = (stream: number, control: RunControl) => Generator<void, Tally>;

/** Refused: the recursion engine was asked for a model it cannot run; the message says why. */
export class EngineUnavailable extends Error {
  override name = 'EngineUnavailable';
}

export function resolveEngine(model: Model, net: Network, requested: EngineName | undefined): EngineName {
  if (requested === 'fast' || requested === 'simjs') return requested;
  const reason = recursionEligibility(model, net);
  if (requested === 'recursion' && reason !== null) {
    throw new EngineUnavailable(`${model.name}: the recursion engine needs a feed-forward FCFS pipeline, and here ${reason}; use --engine fast`);
  }
  return reason === null ? 'recursion' : 'fast';
}

/** The engine's replication: the reference engine reads the model and draws from its own streams. */
export function replicationOf(engine: EngineName, model: Model, net: Network, seed: number): Replication {
  if (engine === 'simjs') return (stream, control) => simjsReplication(model, seed, stream, control);
  const run = engine === 'recursion' ? recursionReplication : fastReplication;
  return (stream, control) => run(net, new Xoshiro128(seed, stream), control);
}
