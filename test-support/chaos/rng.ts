/**
 * A small seeded generator (mulberry32): the same seed gives the same campaign on every machine and every Node,
 * so a seed that breaks an invariant can be replayed exactly.
 */
export class Rng {
  private state: number

  constructor(readonly seed: number) {
    // Spread small consecutive seeds apart before the first draw.
    this.state = (Math.imul(seed >>> 0, 0x9e3779b1) ^ 0x85ebca6b) >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick needs at least one item')
    return items[Math.floor(this.next() * items.length)]!
  }

  /** One of the items, each as likely as its weight. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0)
    let point = this.next() * total
    for (const [item, weight] of items) {
      point -= weight
      if (point < 0) return item
    }
    return items[items.length - 1]![0]
  }
}
