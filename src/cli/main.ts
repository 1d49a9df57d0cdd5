import { processIo, quietOnBrokenPipe } from './io.ts';
import { runCli } from './program.ts';

quietOnBrokenPipe(process);
process.exitCode = await runCli(process.argv.slice(2), processIo);
