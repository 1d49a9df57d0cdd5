/**
 * Worker-thread side of parallel replications (parallel.ts): rebuilds the network from the model it was
 * given, then runs each replication number it is sent on that replication's own RNG stream and posts the
 * Tally back. Same stream, same engine, same code as in the main thread, so the tallies are identical.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { replicationOf } from './engines.ts';
import { drive } from './fast-engine.ts';
import { buildNetwork } from './network.ts';
import { reviveModel, type WorkerSetup } from './parallel-protocol.ts';

const setup = workerData as WorkerSetup;
const model = reviveModel(setup.model);
const replication = replicationOf(setup.engine, model, buildNetwork(model), setup.seed);

parentPort!.on('message', (k: number) => {
  const tally = drive(replication(k, { requests: setup.requests, warmup: setup.warmup }));
  parentPort!.postMessage({ k, tally });
});
