/**
 * How deeply a JSON value nests: a scalar is 0, `{}` and `[]` are 1, `{"a": []}` is 2. Counted with a
 * work list, not recursion, so any depth can be measured; counting stops once `limit` is exceeded
 * (the answer is then `limit + 1`), so a huge value costs no more than its first too-deep path.
 */
export function nestingDepth(value: unknown, limit = Number.MAX_SAFE_INTEGER): number {
  let deepest = 0;
  const work: [unknown, number][] = [[value, 1]];
  while (work.length > 0) {
    const [item, depth] = work.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return limit + 1;
    const children = Array.isArray(item) ? item : Object.values(item as Record<string, unknown>);
    for (const child of children)
      if (child !== null && typeof child === 'object') work.push([child, depth + 1]);
  }
  return deepest;
}
