import { normalizeCnpj, normalizeCpf } from '../documents/check-digits.ts';

/**
 * A seeded pseudo-random generator (mulberry32): the same seed fills the same demo database, so a demo scenario can
 * be described and reproduced. Not for anything secret.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
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

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** An item chosen in proportion to its weight. */
  pickWeighted<T extends { weight: number }>(items: readonly T[]): T {
    let roll = this.next() * items.reduce((sum, item) => sum + item.weight, 0);
    const found = items.find((item) => (roll -= item.weight) < 0);
    return found ?? this.pick(items);
  }

  /** A key of `weights`, chosen in proportion to its weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    return this.pickWeighted(entries.map(([key, weight]) => ({ key, weight }))).key;
  }

  digits(length: number): string {
    return Array.from({ length }, () => this.int(0, 9)).join('');
  }

  /** A valid CPF: random base, check digits found by the validator itself. */
  cpf(): string {
    return withCheckDigits(this.digits(9), normalizeCpf);
  }

  /** A valid numeric CNPJ of a head office (branch 0001). */
  cnpj(): string {
    return withCheckDigits(`${this.digits(8)}0001`, normalizeCnpj);
  }
}

/** `base` followed by the two check digits that make it a valid document for `normalize`. */
export function withCheckDigits(base: string, normalize: (value: string) => string | null): string {
  for (let dv = 0; dv < 100; dv++) {
    const document = normalize(base + String(dv).padStart(2, '0'));
    if (document !== null) return document;
  }
  throw new RangeError(`no check digits for ${base}`);
}
