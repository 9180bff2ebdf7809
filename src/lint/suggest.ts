/**
 * "Did you mean ...?": the closest known name by edit distance (Damerau: a swap of two neighbours counts
 * once, the commonest typo). Case differences are cheap, so `K8s` finds `k8s` and `serviceaccountname`
 * finds `serviceAccountName`.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest candidate, or undefined when nothing is close enough to be a plausible typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (c === word) continue;
    const cl = c.toLowerCase();
    const score = cl === lower ? 0.5 : editDistance(lower, cl);
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  // Allow about one typo per four characters, at least one, at most three.
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 4)));
  if (bestScore <= limit) return best;
  // A shortened name (`data` for `emqx-data`) is a likely slip too, when only one candidate contains it.
  const containing = [...candidates].filter((c) => lower.length >= 3 && c.toLowerCase().includes(lower));
  return containing.length === 1 ? containing[0] : undefined;
}
