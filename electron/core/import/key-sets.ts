/**
 * Sets of the phones and e-mails an import has already seen, for finding duplicates within a file.
 *
 * A million-row file means a million keys. JavaScript's Set holds each as a heap object (a string, or a boxed
 * number for E.164 digits beyond 2^31): ~100 MB for both sets, and a million objects for every major garbage
 * collection to walk. These keep the keys in typed arrays instead — open addressing with linear probing,
 * exact comparison (no hash is trusted on its own) — in about a third of the memory and none of the objects.
 */

const EMPTY = 0;

/**
 * Gives a typed array's memory back now rather than at the next full garbage collection: its buffer moves to a
 * new, unreferenced object that the next minor collection (milliseconds away in a running import) frees. The
 * array is empty afterwards. Measured at a million rows: the grown-out-of arrays otherwise stay until the end.
 */
export function discard(a: ArrayBufferView): void {
  const b = a.buffer as ArrayBuffer;
  if (b.byteLength > 0) structuredClone(b, { transfer: [b] });
}
const MIN_CAPACITY = 1024;

/** Positive integers below 2^53 (E.164 digits: at most 15). */
export class NumberSet {
  private slots = new Float64Array(MIN_CAPACITY);
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(n: number): boolean {
    const mask = this.slots.length - 1;
    for (let i = hashNumber(n) & mask; ; i = (i + 1) & mask) {
      const v = this.slots[i]!;
      if (v === n) return true;
      if (v === EMPTY) return false;
    }
  }

  /** Adds `n` (a positive integer); returns false when it was there already. */
  add(n: number): boolean {
    if (!(n > 0 && Number.isSafeInteger(n))) throw new RangeError(`NumberSet takes positive integers: ${n}`);
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    for (let i = hashNumber(n) & mask; ; i = (i + 1) & mask) {
      const v = this.slots[i]!;
      if (v === n) return false;
      if (v === EMPTY) {
        this.slots[i] = n;
        this.count += 1;
        return true;
      }
    }
  }

  /** Empties the set and gives its memory back at once (an import calls it when its rows are all read). */
  release(): void {
    discard(this.slots);
    this.slots = new Float64Array(MIN_CAPACITY);
    this.count = 0;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.count = 0;
    for (const v of old) if (v !== EMPTY) this.add(v);
    discard(old);
  }
}

function hashNumber(n: number): number {
  const lo = n >>> 0;
  const hi = (n / 4294967296) >>> 0;
  return Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) ^ (lo >>> 15);
}

/** Bytes per chunk of a StringSet's keys; an entry's start is its chunk's number × CHUNK + its offset. */
const CHUNK = 1 << 20;
/** UTF-8 needs at most 3 bytes per UTF-16 unit, and a key lies within one chunk. */
const MAX_KEY_LENGTH = Math.floor(CHUNK / 3);

/**
 * Strings, kept as UTF-8 bytes in chunks of 1 MB (the first grows to that size from 64 KB). Full chunks stay
 * where they are: one buffer doubling as it filled held both copies at once, 48 MB for a moment at a million
 * e-mails, and up to twice the bytes it needed after.
 */
export class StringSet {
  private chunks: Uint8Array[] = [new Uint8Array(64 * 1024)];
  /** The last chunk: where new keys go. */
  private bytes = this.chunks[0]!;
  /** Bytes used in the last chunk. */
  private used = 0;
  /** Per entry: start (chunk × CHUNK + offset), and its length. */
  private starts = new Int32Array(MIN_CAPACITY / 2);
  private lengths = new Int32Array(MIN_CAPACITY / 2);
  /** Per slot: entry number + 1, or 0 when empty. */
  private slots = new Int32Array(MIN_CAPACITY);
  private hashes = new Int32Array(MIN_CAPACITY);
  private count = 0;
  private readonly encoder = new TextEncoder();
  /** What has() encoded last, still in place past the used bytes: the string (null: nothing), length, hash. */
  private stagedText: string | null = null;
  private stagedLength = 0;
  private stagedHash = 0;

  get size(): number {
    return this.count;
  }

  has(s: string): boolean {
    const len = this.stage(s);
    const h = hashBytes(this.bytes, this.used, len);
    this.stagedText = s;
    this.stagedLength = len;
    this.stagedHash = h;
    return this.find(h, len) >= 0;
  }

  /** Adds `s`; returns false when it was there already. Right after has(s) (the usual way), encodes once. */
  add(s: string): boolean {
    let len = this.stagedLength;
    let h = this.stagedHash;
    if (this.stagedText !== s) {
      len = this.stage(s);
      h = hashBytes(this.bytes, this.used, len);
    }
    this.stagedText = null;
    if (this.find(h, len) >= 0) return false;
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    if (this.count === this.starts.length) {
      this.starts = resize(this.starts, this.starts.length * 2);
      this.lengths = resize(this.lengths, this.lengths.length * 2);
    }
    this.starts[this.count] = (this.chunks.length - 1) * CHUNK + this.used;
    this.lengths[this.count] = len;
    this.used += len;
    this.count += 1;
    this.place(this.count, h);
    return true;
  }

  /** Encodes `s` just past the used bytes (not yet counted as used); returns its length in bytes. */
  private stage(s: string): number {
    this.stagedText = null;
    if (this.used + s.length * 3 > this.bytes.length) this.makeRoom(s.length * 3);
    // E-mails are nearly always ASCII, whose UTF-8 is its char codes: copied without a TextEncoder call and
    // the subarray it needs (some 0.2 s a million addresses). Anything else is encoded over them.
    const b = this.bytes;
    const at = this.used;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return this.encoder.encodeInto(s, b.subarray(at)).written;
      b[at + i] = c;
    }
    return s.length;
  }

  /** Room for `need` more bytes: the first chunk doubles up to CHUNK, then a new chunk is started. */
  private makeRoom(need: number): void {
    if (need > CHUNK) throw new RangeError(`StringSet keys are at most ${MAX_KEY_LENGTH} characters`);
    if (this.chunks.length === 1 && this.bytes.length < CHUNK) {
      let size = this.bytes.length * 2;
      while (size < CHUNK && this.used + need > size) size *= 2;
      if (this.used + need <= size) {
        const next = new Uint8Array(size);
        next.set(this.bytes.subarray(0, this.used));
        discard(this.bytes);
        this.chunks[0] = this.bytes = next;
        return;
      }
    }
    this.bytes = new Uint8Array(CHUNK);
    this.chunks.push(this.bytes);
    this.used = 0;
  }

  /** The slot holding the staged bytes, or -1. */
  private find(h: number, len: number): number {
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = this.slots[i]!;
      if (e === 0) return -1;
      if (this.hashes[i] === h && this.lengths[e - 1] === len && this.equal(this.starts[e - 1]!, len)) return i;
    }
  }

  private equal(start: number, len: number): boolean {
    const b = this.chunks[(start / CHUNK) | 0]!;
    const from = start % CHUNK;
    const staged = this.bytes;
    const at = this.used;
    for (let k = 0; k < len; k++) if (b[from + k] !== staged[at + k]) return false;
    return true;
  }

  private place(entry: number, h: number): void {
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = entry;
    this.hashes[i] = h;
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    this.slots = new Int32Array(oldSlots.length * 2);
    this.hashes = new Int32Array(oldSlots.length * 2);
    for (let i = 0; i < oldSlots.length; i++) if (oldSlots[i] !== 0) this.place(oldSlots[i]!, oldHashes[i]!);
    discard(oldSlots);
    discard(oldHashes);
  }

  /** Empties the set and gives its memory back at once (an import calls it when its rows are all read). */
  release(): void {
    for (const a of [...this.chunks, this.starts, this.lengths, this.slots, this.hashes]) discard(a);
    this.chunks = [new Uint8Array(64 * 1024)];
    this.bytes = this.chunks[0]!;
    this.used = 0;
    this.starts = new Int32Array(MIN_CAPACITY / 2);
    this.lengths = new Int32Array(MIN_CAPACITY / 2);
    this.slots = new Int32Array(MIN_CAPACITY);
    this.hashes = new Int32Array(MIN_CAPACITY);
    this.count = 0;
    this.stagedText = null;
  }
}

function resize(a: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(length);
  next.set(a);
  discard(a);
  return next;
}

/** FNV-1a over bytes, finished with a multiply so the low bits (the slot) depend on every byte. */
function hashBytes(b: Uint8Array, start: number, len: number): number {
  let h = 0x811c9dc5;
  for (let k = start; k < start + len; k++) h = Math.imul(h ^ b[k]!, 0x01000193);
  return Math.imul(h ^ (h >>> 16), 0x45d9f3b) ^ (h >>> 13);
}
