#!/usr/bin/env node
/**
 * Builds dist/ from src/ with esbuild: ES modules, code-split, dependencies left to node_modules.
 *
 * Code splitting matters for start-up: a single-file bundle hoists every `await import()` (ink, vega,
 * vega-lite) into the one file, so every verb would pay for the drawing ones. Split, a lazy import stays a
 * separate chunk loaded only by the verb that needs it. All files land flat in dist/ so a module can find a
 * sibling entry (the replication worker) next to itself whichever chunk it ended up in.
 *
 *   node scripts/build.mjs            build when src/ changed since the last build (a stamp in dist/)
 *   node scripts/build.mjs --force    build anyway
 *   node scripts/build.mjs --types    build, and TypeScript declarations into dist/types (npm install does this)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');

/** Entry points: the CLI, the public API and its lazy parts, and the worker started by file name. */
export const ENTRIES = {
  cli: 'src/cli/main.ts',
  index: 'src/index.ts',
  tui: 'src/tui/index.ts',
  'replication-worker': 'src/sim/replication-worker.ts',
  'simulation-worker': 'src/sim/simulation-worker.ts',
};

/**
 * The small libraries every verb needs (model parsing and the command line) are bundled in: resolving and
 * reading their hundreds of files cost more than running them. Every other dependency stays an import of
 * node_modules: the drawing ones load lazily, resvg is native, simjs a browser bundle loaded by path.
 */
const BUNDLED = ['zod', 'yaml', 'commander'];

function externals() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => !BUNDLED.includes(name));
  return names.flatMap((name) => [name, `${name}/*`]);
}

/** Newest modification time under src/ and of the build inputs (this script, package.json, tsconfig). */
function newestInput() {
  let newest = 0;
  const visit = (dir) => {
    // A directory's own time changes when a file in it is added, removed or renamed.
    newest = Math.max(newest, statSync(dir).mtimeMs);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  visit(join(root, 'src'));
  for (const file of ['scripts/build.mjs', 'package.json', 'tsconfig.json']) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
}

/** True when dist/ was built from the current sources (the stamp records the newest input it saw). */
export function isFresh() {
  if (!existsSync(stamp)) return false;
  return Number(readFileSync(stamp, 'utf8')) >= newestInput();
}

export async function buildDist({ force = false, types = false } = {}) {
  if (!force && !types && isFresh()) return false;
  const inputs = newestInput();
  // Built beside dist/ and swapped in, so a concurrent reader (another test run) never sees half a build.
  const fresh = `${dist}.tmp-${process.pid}`;
  const old = `${dist}.old-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  // Imported here, not at the top: bin/reqpath.js asks isFresh() on every run of a checkout and must not pay for esbuild.
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir: fresh,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: externals(),
    // yaml's Node build is CommonJS and require()s Node built-ins; in an ES module that needs a real require.
    banner: { js: "import { createRequire as __reqpathCreateRequire } from 'node:module'; const require = __reqpathCreateRequire(import.meta.url);" },
    jsx: 'automatic',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  if (types) {
    // TypeScript declarations for `import … from 'reqpath'` (tsc: ~10 s of CPU, so only on install and on request).
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', join(fresh, 'types')], { stdio: 'inherit' });
  } else if (existsSync(join(dist, 'types'))) {
    // A JavaScript-only rebuild (tests, npm start) keeps the declarations of the last full build.
    renameSync(join(dist, 'types'), join(fresh, 'types'));
  }
  writeFileSync(join(fresh, '.build-stamp'), String(inputs));
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(fresh, dist);
  rmSync(old, { recursive: true, force: true });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildDist({ force: process.argv.includes('--force'), types: process.argv.includes('--types') });
  if (built) process.stderr.write('reqpath: built dist/\n');
}
