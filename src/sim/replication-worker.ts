/**
 * Worker-thread side of parallel replications (parallel.ts): rebuilds the network from the model it was
 * given, then runs each replication number it is sent on that replication's own RNG stream and posts the
 * Tally back. Same stream, same engine, same code as in the main thread, so the tallies are identical.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { drive, fastReplication } from './fast-engine.ts';
import { buildNetwork } from './network.ts';
import { reviveModel, type WorkerSetup } from './parallel-protocol.ts';
import { Xoshiro128 } from './rng.ts';
import { simjsReplication } from './simjs-engine.ts';

const setup = workerData as WorkerSetup;
const model = reviveModel(setup.model);
const net = buildNetwork(model);

parentPort!.on('message', (k: number) => {
  const control = { requests: setup.requests, warmup: setup.warmup };
  const tally = drive(
    setup.engine === 'fast' ? fastReplication(net, new Xoshiro128(setup.seed, k), control) : simjsReplication(model, setup.seed, k, control),
  );
  parentPort!.postMessage({ k, tally });
});
