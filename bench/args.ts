/** The bench scripts' command line, read one way: `--flag`, `--option value`, and the plain words. */
export interface BenchArgs {
  flag(name: string): boolean;
  option(name: string, fallback: string): string;
  /** Words that are neither an option nor the value of one of `valued`. */
  words(valued: readonly string[]): string[];
}

export function benchArgs(args: readonly string[] = process.argv.slice(2)): BenchArgs {
  return {
    flag: (name) => args.includes(name),
    option: (name, fallback) => {
      const i = args.indexOf(name);
      return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
    },
    words: (valued) => args.filter((a, i) => !a.startsWith('--') && !(i > 0 && valued.includes(args[i - 1]!))),
  };
}
