/** A small deterministic pseudo-random generator (mulberry32) for reproducible demo data. */
export class Prng {
  private state: number;

  /** Seeds the generator from any number of integers (e.g. run seed and tenant number). */
  constructor(...seeds: number[]) {
    let h = 0x811c9dc5;
    for (const seed of seeds) {
      h = Math.imul(h ^ (seed >>> 0), 0x01000193);
      h = Math.imul(h ^ Math.floor(seed / 0x100000000), 0x01000193);
      h ^= h >>> 15;
    }
    this.state = h >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}
