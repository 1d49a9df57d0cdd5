/**
 * `--out DIR` made ready before any work is done, with a sentence instead of an errno when it cannot be.
 * Node's recursive mkdir never returns for a path under /proc, so the missing directories are made one by
 * one from the nearest existing ancestor.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from './errors.ts';

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  ENOENT: 'the file system refuses new directories there',
  ENOTDIR: 'a part of the path is a file',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
};

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return Object.hasOwn(REASONS, code) ? REASONS[code]! : `error ${code || String(error)}`;
}

export function prepareOutDir(out: string, option = '--out'): void {
  const target = resolve(out);
  const missing: string[] = [];
  for (let dir = target; ; ) {
    try {
      if (!statSync(dir).isDirectory()) throw new CliError(`${option} ${out}: expected a directory, but ${dir} is a file`);
      break;
    } catch (error) {
      if (error instanceof CliError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new CliError(`${option} ${out}: cannot use ${dir} (${reason(error)})`);
      missing.push(dir);
      const parent = dirname(dir);
      if (parent === dir) throw new CliError(`${option} ${out}: cannot use it (${reason(error)})`);
      dir = parent;
    }
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new CliError(`${option} ${out}: cannot create ${dir} (${reason(error)})`);
    }
  }
  try {
    accessSync(target, constants.W_OK);
  } catch (error) {
    throw new CliError(`${option} ${out}: cannot write into ${target} (${reason(error)})`);
  }
}
