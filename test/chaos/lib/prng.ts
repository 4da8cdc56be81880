import { Random } from '../../../infra/local/merge-simulator/random';

/**
 * The simulator's seeded PRNG (mulberry32) with the extra helpers the scenario generator needs.
 * Every choice a chaos run makes comes from one of these, so a seed names a scenario exactly.
 */
export class Prng extends Random {
  constructor(readonly seed: number) {
    // Seed 0 keeps the constant it always had, so every recorded seed still names the same scenario.
    super(seed >>> 0 || 0x9e3779b9);
  }

  /** One key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    return (entries[entries.length - 1] as [K, number])[0];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  /** A child generator, so one part of a scenario can draw without shifting the others. */
  fork(): Prng {
    return new Prng(Math.floor(this.next() * 4294967296));
  }
}
