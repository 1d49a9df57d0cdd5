/**
 * Loads the simjs package. Its `sim.js` is a browserify bundle for browsers: `require('simjs')` returns {}
 * in Node, and the classes are only published as `window.Sim`. So a temporary `window` global is provided
 * while the bundle runs (and the module cache entry dropped first, in case something loaded it without one).
 */
import { createRequire } from 'node:module';

export interface SimjsRequest {
  done(callback: (...args: unknown[]) => void, context?: object, argument?: unknown): SimjsRequest;
}
export interface SimjsEntity {
  setTimer(durationSeconds: number): SimjsRequest;
  time(): number;
}
export interface SimjsSim {
  addEntity(klass: new (...args: never[]) => object, name?: string, ...args: unknown[]): SimjsEntity;
  step(): boolean;
  simulate(endTime: number, maxEvents?: number): boolean;
  time(): number;
}
export interface SimjsModule {
  Sim: new () => SimjsSim;
  Entity: new (sim: SimjsSim, name?: string) => SimjsEntity;
  Facility: new (name: string, discipline?: number, servers?: number, maxqlen?: number) => object;
  Random: new (seed?: number) => { exponential(lambda: number): number };
  DataSeries: new (name?: string) => { record(value: number, weight?: number): void; variance(): number };
}

let cached: SimjsModule | null = null;

export function loadSimjs(): SimjsModule {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const path = require.resolve('simjs');
  const g = globalThis as { window?: unknown };
  const hadWindow = 'window' in g;
  const previous = g.window;
  const holder: { Sim?: SimjsModule } = {};
  g.window = holder;
  try {
    delete require.cache[path];
    require(path);
  } finally {
    if (hadWindow) g.window = previous;
    else delete g.window;
  }
  if (!holder.Sim) throw new Error('simjs did not publish window.Sim');
  cached = holder.Sim;
  return cached;
}
