/**
 * Checks on the raw document that must run before the schema: keys that would reach Object.prototype and
 * sizes that would make validation itself slow. One pass, linear in the size of the document, no recursion
 * (nesting depth is the document's, not the stack's).
 */
import { MAX_STAGES } from './guard-limits.ts';
import { formatPath, messages, type ModelIssue } from './messages.ts';

/** The one key JavaScript treats as the prototype; any other name (constructor, toString) is a plain key. */
export const RESERVED_KEY = '__proto__';

export function checkDocument(raw: unknown, file: string): ModelIssue[] {
  const issues: ModelIssue[] = [];
  if (raw !== null && typeof raw === 'object' && Object.hasOwn(raw, 'stages')) {
    const stages = (raw as { stages: unknown }).stages;
    if (Array.isArray(stages) && stages.length > MAX_STAGES) return [messages.tooManyStages(file, stages.length)];
  }
  // Each entry links to its parent, so a path is built only for a key that is refused (depth × nodes stays linear).
  interface Entry {
    readonly node: unknown;
    readonly key: PropertyKey | undefined;
    readonly parent: Entry | undefined;
  }
  const pathOf = (entry: Entry): PropertyKey[] => {
    const path: PropertyKey[] = [];
    for (let e: Entry | undefined = entry; e !== undefined && e.key !== undefined; e = e.parent) path.push(e.key);
    return path.reverse();
  };
  const pending: Entry[] = [{ node: raw, key: undefined, parent: undefined }];
  const seen = new WeakSet<object>(); // objects passed through the API may share parts or be cyclic
  while (pending.length > 0) {
    const entry = pending.pop()!;
    const node = entry.node;
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) pending.push({ node: node[i], key: i, parent: entry });
      continue;
    }
    if (Object.hasOwn(node, RESERVED_KEY)) issues.push(messages.reservedKey(file, formatPath([...pathOf(entry), RESERVED_KEY])));
    const keys = Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const child = (node as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') pending.push({ node: child, key, parent: entry });
    }
  }
  return issues;
}
