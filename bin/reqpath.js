#!/usr/bin/env node
// The CLI as compiled to dist/ by `npm install` (the `prepare` script; `npm run build` redoes it): plain
// JavaScript, split so that each verb loads only what it uses.
try {
  await import('../dist/cli.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    process.stderr.write('reqpath: dist/ is missing: run `npm run build` (npm install does it through the prepare script)\n');
    process.exitCode = 1;
  } else throw error;
}
