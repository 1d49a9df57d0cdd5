/**
 * Worker-thread side of simulateMany (parallel-many.ts): runs whole simulations, one per message, and posts
 * each SimResult back. The same simulate() as on the main thread, so a result does not depend on where it ran.
 */
import { parentPort } from 'node:worker_threads';
import { reviveModel } from './parallel-protocol.ts';
import { simulate } from './simulate.ts';
import type { SimulationMessage } from './parallel-many.ts';

parentPort!.on('message', ({ id, model, options }: SimulationMessage) => {
  parentPort!.postMessage({ id, result: simulate(reviveModel(model), options) });
});
