import { randomInt } from 'node:crypto';

// A small seedable PRNG (mulberry32). With a seed, every id, token and generated value is
// reproducible; without one the seed itself comes from the OS so runs differ.
export class Random {
  private state: number;

  constructor(seed?: number) {
    this.state = (seed ?? randomInt(0, 2 ** 32 - 1)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  bytes(count: number): Buffer {
    const out = Buffer.alloc(count);
    for (let i = 0; i < count; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }

  /** RFC 4122 version-4 UUID, as Merge uses for `id`. */
  uuid(): string {
    const b = this.bytes(16);
    b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
    b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
    const hex = b.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** URL-safe token shaped like Merge's account tokens (e.g. 54 characters for 40 bytes). */
  token(byteCount = 40): string {
    return this.bytes(byteCount).toString('base64url');
  }

  digits(count: number): string {
    let s = String(this.int(1, 9));
    while (s.length < count) s += String(this.int(0, 9));
    return s;
  }
}
