/**
 * A first run (issue 17 §13): --version, the units rule in every --help, and a package that ships what a user
 * runs and not the tests.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cli } from '../helpers/cli.ts';

describe('first run', () => {
  it('--version prints the package version', async () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-V']) {
      const r = await cli(flag);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it('every --help states that a bare number is seconds', async () => {
    for (const verb of [[], ['plan'], ['sweep'], ['simulate'], ['analyze']]) {
      const r = await cli(...verb, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout, verb.join(' ')).toMatch(/a duration without a unit is seconds/);
    }
  });

  it('the package ships bin, the code and models, not test/ (a files list in package.json)', () => {
    const files = (JSON.parse(readFileSync('package.json', 'utf8')) as { files?: string[] }).files;
    expect(files).toBeDefined();
    for (const needed of ['bin', 'models']) expect(files).toContain(needed);
    expect(files!.some((f) => f === 'dist' || f === 'src')).toBe(true);
    expect(files!.filter((f) => /^\.?\/?test/.test(f))).toEqual([]);
  });
});
