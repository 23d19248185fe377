/**
 * The set of record keys seen so far in a file (in-file duplicates), compact enough for a
 * million rows: 64-bit fingerprints (two FNV-1a hashes of the key's UTF-16 code units) in an
 * open-addressing table of two Uint32Arrays, 8 bytes a slot at most half full: 16 MiB for
 * 1,000,000 keys, where a Set of the key strings took ~80 MiB of heap (issue 5's import of
 * 1,000,000 daily-asset rows must stay under 400 MB for the whole process).
 *
 * Two different keys share a fingerprint with probability ~n²/2^65 (≈ 3·10⁻⁸ for a million
 * rows); such a row would be reported as a duplicate of the earlier one, never silently lost.
 */
export class KeySet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private size = 0;

  constructor(capacity = 1024) {
    let cap = 1024;
    while (cap < capacity * 2) cap *= 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
  }

  private fh = 0;
  private fl = 0;

  /** The key's fingerprint into fh/fl (no allocation: this runs once or twice per row). */
  private fingerprint(key: string): void {
    let h1 = 0x811c9dc5;
    let h2 = 0x050c5d1f;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
    }
    // Zero marks an empty slot: keep the high word non-zero.
    this.fh = (h1 | 1) >>> 0;
    this.fl = h2 >>> 0;
  }

  /** Adds the key; false when it (or a key with its fingerprint) was there already. */
  add(key: string): boolean {
    this.fingerprint(key);
    if (!this.insert(this.fh, this.fl)) return false;
    this.size += 1;
    if (this.size * 2 > this.hi.length) this.grow();
    return true;
  }

  has(key: string): boolean {
    this.fingerprint(key);
    return this.find(this.fh, this.fl);
  }

  private find(hi: number, lo: number): boolean {
    const mask = this.hi.length - 1;
    for (let i = (hi ^ lo) & mask; ; i = (i + 1) & mask) {
      if (this.hi[i] === 0) return false;
      if (this.hi[i] === hi && this.lo[i] === lo) return true;
    }
  }

  private insert(hi: number, lo: number): boolean {
    const mask = this.hi.length - 1;
    for (let i = (hi ^ lo) & mask; ; i = (i + 1) & mask) {
      if (this.hi[i] === 0) {
        this.hi[i] = hi;
        this.lo[i] = lo;
        return true;
      }
      if (this.hi[i] === hi && this.lo[i] === lo) return false;
    }
  }

  private grow(): void {
    const { hi, lo } = this;
    this.hi = new Uint32Array(hi.length * 2);
    this.lo = new Uint32Array(lo.length * 2);
    for (let i = 0; i < hi.length; i++) if (hi[i] !== 0) this.insert(hi[i]!, lo[i]!);
  }
}
