/** Every verb registers itself here: one import and one line per verb. */
import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { registerValidate } from './validate.ts';
import { registerAnalyze } from './analyze.ts';
import { registerSimulate } from './simulate.ts';
import { registerPlan } from './plan.ts';
import { registerSweep } from './sweep.ts';
import { registerChart } from './chart.ts';
import { registerTui } from './tui.ts';
import { registerSchema } from './schema.ts';
import { registerCalibrate } from './calibrate.ts';
import { registerCompare } from './compare.ts';
import { registerWorker } from './worker.ts';

export function registerCommands(program: Command, io: CliIo): void {
  registerValidate(program, io);
  registerAnalyze(program, io);
  registerSimulate(program, io);
  registerPlan(program, io);
  registerSweep(program, io);
  registerChart(program, io);
  registerTui(program, io);
  registerSchema(program, io);
  registerCalibrate(program, io);
  registerCompare(program, io);
  registerWorker(program, io);
}
