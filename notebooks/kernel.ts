/**
 * Writes a project-local Jupyter kernelspec that runs the notebooks on this checkout's Deno
 * (node_modules/.bin/deno, the exact version in package.json), so nothing is installed into your home:
 *
 *   npx tsx notebooks/kernel.ts            # writes notebooks/.jupyter/kernels/reqpath-deno/kernel.json
 *   JUPYTER_PATH=notebooks/.jupyter jupyter notebook notebooks/
 *
 * The kernelspec holds an absolute path, so it is generated per checkout (and ignored by git), never committed.
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The kernel name the notebooks' metadata asks for. */
export const KERNEL_NAME = 'reqpath-deno';

const notebooksDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(notebooksDir, '..');

export interface KernelSpec {
  readonly argv: readonly string[];
  readonly display_name: string;
  readonly language: string;
  readonly env: Readonly<Record<string, string>>;
}

export function kernelSpec(denoPath = join(repoRoot, 'node_modules', '.bin', 'deno')): KernelSpec {
  return {
    // `deno jupyter --kernel` runs cells with --allow-all (Deno's documented limitation), which the
    // notebooks need anyway to read models/ and load the PNG renderer's native addon.
    argv: [denoPath, 'jupyter', '--kernel', '--conn', '{connection_file}'],
    display_name: 'reqpath (Deno TypeScript)',
    language: 'typescript',
    // Only the npm registry is reachable from CI: no update check, no colour codes in error outputs.
    env: { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  };
}

/** Writes <jupyterDir>/kernels/reqpath-deno/kernel.json and returns the directory to put on JUPYTER_PATH. */
export function writeKernelSpec(jupyterDir = join(notebooksDir, '.jupyter'), denoPath?: string): string {
  const kernelDir = join(jupyterDir, 'kernels', KERNEL_NAME);
  mkdirSync(kernelDir, { recursive: true });
  writeFileSync(join(kernelDir, 'kernel.json'), `${JSON.stringify(kernelSpec(denoPath), null, 2)}\n`);
  return jupyterDir;
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const dir = writeKernelSpec(process.argv[2] === undefined ? undefined : resolve(process.argv[2]));
  // Relative when under the working directory (the usual `npx tsx notebooks/kernel.ts` from the repo root).
  const near = relative(process.cwd(), dir);
  const shown = near === '' ? '.' : near.startsWith('..') ? dir : near;
  console.log(`kernelspec ${KERNEL_NAME} written under ${shown}/kernels/`);
  console.log(`open the notebooks with:\n  JUPYTER_PATH=${shown} jupyter notebook ${relative(process.cwd(), notebooksDir) || '.'}/`);
}
