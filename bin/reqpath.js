#!/usr/bin/env node
// The CLI as compiled to dist/ by `npm install` (the `prepare` script; `npm run build` redoes it): plain
// JavaScript, split so that each verb loads only what it uses.
import { existsSync } from 'node:fs';

// In a checkout (src/ is there; the published package has only dist/), rebuild first when the sources changed
// since the last build, so `node bin/reqpath.js` never runs stale code. A few ms when nothing changed.
if (existsSync(new URL('../src/', import.meta.url)) && existsSync(new URL('../scripts/build.mjs', import.meta.url))) {
  const { buildDist } = await import('../scripts/build.mjs');
  try {
    await buildDist();
  } catch (error) {
    process.stderr.write(`reqpath: could not rebuild dist/ from src/ (${error?.message ?? error}); running the last build\n`);
  }
}
try {
  await import('../dist/cli.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    process.stderr.write('reqpath: dist/ is missing: run `npm run build` (npm install does it through the prepare script)\n');
    process.exitCode = 1;
  } else throw error;
}
