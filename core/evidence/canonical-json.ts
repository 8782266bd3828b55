// A page's JSON bytes rewritten, in one pass and without a JS object or string per value, into the
// exact bytes of JSON.stringify(JSON.parse(text)): whitespace dropped, strings and numbers in
// JavaScript's spelling. This is how a paged capture normalises a page (core/evidence/pages.ts);
// parsing 1,000 runs into objects and serialising each back cost three times this.
//
// It only promises what it can check cheaply. Anything else — text that is not JSON, a duplicate
// key (JSON.parse keeps the last value at the first place), a key that is an array index (V8 lists
// those first), very deep nesting — returns null, and the caller takes the slow path, which gives
// the same result or the same error by construction. A string with an escape or a non-ASCII byte,
// or a number JavaScript may spell otherwise, is rewritten by JSON.parse and JSON.stringify itself.
import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './json-bytes';

/** A top-level member of an object document, or the document itself when it is an array. */
export interface CanonicalMember {
  /** The member's name (null for an array document). */
  key: string | null;
  /** Where its value's canonical bytes are in `bytes`. */
  start: number;
  end: number;
  /** Whether the value is an array whose elements are all objects (or an empty array). */
  objectArray: boolean;
  /** When the value is an array: where its elements end (each at a `,` or at the closing `]`). */
  elementEnds: number[] | null;
}

export interface CanonicalDocument {
  bytes: Uint8Array;
  /** Whether a member, at any depth, has one of the names the caller watches for. */
  watchedName: boolean;
  /** Whether the bytes are ASCII throughout (then their text is too). */
  ascii: boolean;
  /** The members of an object in their order; for an array, its one entry. */
  members: CanonicalMember[];
  isArray: boolean;
}

const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
/** Beyond this depth the slow path is taken (this reader recurses). */
const MAX_DEPTH = 256;
/** Integers of up to this many digits are exact doubles, spelt back the same by JavaScript. */
const EXACT_DIGITS = 15;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Thrown inside the reader when it cannot promise the canonical form; never escapes. */
class NotCanonical extends Error {}
const NOT_CANONICAL = new NotCanonical();

/** 1 for the bytes a string is copied with as they are: ASCII, not a control character, a quote or a backslash. */
const PLAIN = new Uint8Array(256);
for (let c = 0x20; c < 0x80; c++) if (c !== QUOTE && c !== BACKSLASH) PLAIN[c] = 1;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number) => c >= ZERO && c <= NINE;

class Reader {
  private p = 0;
  private out: Uint8Array;
  private o = 0;
  /** The names of the objects being read, as [start, end) in `out`, innermost last; `named` of them in use (a stack not shrunk, for speed). */
  private readonly names: number[] = [];
  private named = 0;
  private watchedName = false;
  private ascii = true;
  /** Which name lengths (quotes included) a watched name has. */
  private readonly watchedLengths: Uint8Array;

  constructor(
    private readonly b: Uint8Array,
    /** Names to watch for, as they are written (quotes included). */
    private readonly watched: readonly Uint8Array[],
  ) {
    this.out = new Uint8Array(b.length + 64);
    this.watchedLengths = new Uint8Array(Math.max(0, ...watched.map((w) => w.length + 1)));
    for (const w of watched) this.watchedLengths[w.length] = 1;
  }

  document(): CanonicalDocument {
    this.ws();
    const c = this.b[this.p];
    let members: CanonicalMember[];
    let isArray = false;
    if (c === OPEN_OBJECT) this.object(1, (members = []));
    else if (c === OPEN_ARRAY) {
      isArray = true;
      const start = this.o;
      const { objectArray, elementEnds } = this.array(1, true);
      members = [{ key: null, start, end: this.o, objectArray, elementEnds }];
    } else throw NOT_CANONICAL;
    this.ws();
    if (this.p !== this.b.length) throw NOT_CANONICAL;
    return { bytes: this.out.subarray(0, this.o), watchedName: this.watchedName, ascii: this.ascii, members, isArray };
  }

  private value(depth: number): void {
    if (depth > MAX_DEPTH) throw NOT_CANONICAL;
    const c = this.b[this.p]!;
    if (c === QUOTE) this.string();
    else if (c === OPEN_OBJECT) this.object(depth);
    else if (c === OPEN_ARRAY) this.array(depth, false);
    else if (c === MINUS || isDigit(c)) this.number();
    else this.literal();
  }

  /** An object; with `members` (the document's own), each member is noted, and an array value's elements. */
  private object(depth: number, members: CanonicalMember[] | null = null): void {
    const namesFrom = this.named;
    this.p++;
    this.put(OPEN_OBJECT);
    this.ws();
    if (this.b[this.p] === CLOSE_OBJECT) {
      this.p++;
      this.put(CLOSE_OBJECT);
      return;
    }
    do {
      const keyStart = this.o;
      this.name(namesFrom);
      const keyEnd = this.o;
      this.ws();
      if (this.b[this.p] !== COLON) throw NOT_CANONICAL;
      this.p++;
      this.put(COLON);
      this.ws();
      if (!members) this.value(depth + 1);
      else {
        const key = JSON.parse(decoder.decode(this.out.subarray(keyStart, keyEnd))) as string;
        const start = this.o;
        let noted: Pick<CanonicalMember, 'objectArray' | 'elementEnds'> = { objectArray: false, elementEnds: null };
        if (this.b[this.p] === OPEN_ARRAY) noted = this.array(depth + 1, true);
        else this.value(depth + 1);
        members.push({ key, start, end: this.o, ...noted });
      }
    } while (this.next(CLOSE_OBJECT));
    this.named = namesFrom;
  }

  /** An array; with `noted`, whether its elements are all objects and where each ends. */
  private array(depth: number, noted: boolean): { objectArray: boolean; elementEnds: number[] | null } {
    if (depth > MAX_DEPTH) throw NOT_CANONICAL;
    const elementEnds: number[] | null = noted ? [] : null;
    let objectArray = true;
    this.p++;
    this.put(OPEN_ARRAY);
    this.ws();
    if (this.b[this.p] === CLOSE_ARRAY) {
      this.p++;
      this.put(CLOSE_ARRAY);
      return { objectArray, elementEnds };
    }
    do {
      this.ws();
      if (this.b[this.p] !== OPEN_OBJECT) objectArray = false;
      this.value(depth + 1);
      elementEnds?.push(this.o);
    } while (this.next(CLOSE_ARRAY));
    return { objectArray, elementEnds };
  }

  /** After a member or element: true at `,`, false at the closing bracket (both copied). */
  private next(close: number): boolean {
    this.ws();
    const c = this.b[this.p];
    if (c === COMMA) {
      this.p++;
      this.put(COMMA);
      this.ws();
      return true;
    }
    if (c !== close) throw NOT_CANONICAL;
    this.p++;
    this.put(close);
    return false;
  }

  /**
   * A member name: copied like any string, then refused when JSON.parse would not keep it where it
   * is — a name met before in the same object, or an array index, which V8 orders first.
   */
  private name(namesFrom: number): void {
    if (this.b[this.p] !== QUOTE) throw NOT_CANONICAL;
    const start = this.o;
    this.string();
    const end = this.o;
    const out = this.out;
    // An array index: digits only (within the quotes), at most 10 of them, no leading zero.
    const size = end - start - 2;
    let digits = size >= 1 && size <= 10 && (size === 1 || out[start + 1] !== ZERO);
    for (let i = start + 1; digits && i < end - 1; i++) digits = isDigit(out[i]!);
    if (digits) throw NOT_CANONICAL;
    const names = this.names;
    const length = end - start;
    const named = this.named;
    for (let n = namesFrom; n < named; n += 2) {
      const s = names[n]!;
      if (names[n + 1]! - s !== length) continue;
      let i = 0;
      while (i < length && out[s + i] === out[start + i]) i++;
      if (i === length) throw NOT_CANONICAL;
    }
    names[named] = start;
    names[named + 1] = end;
    this.named = named + 2;
    // Most names have no watched name of their length: those are not compared at all.
    if (!this.watchedName && length < this.watchedLengths.length && this.watchedLengths[length]) {
      for (const w of this.watched) if (w.length === length && sameBytes(w, out, start)) this.watchedName = true;
    }
  }

  /** A string: copied while it is read, unless it needs rewriting. */
  private string(): void {
    const b = this.b;
    const start = this.p;
    // Found first, copied after: a byte is looked up once, not compared four times and stored.
    let p = start + 1;
    while (PLAIN[b[p]!] === 1) p++;
    if (b[p] !== QUOTE) {
      if (p >= b.length) throw NOT_CANONICAL;
      return this.rewrittenString(start);
    }
    this.copy(start, p + 1);
    this.p = p + 1;
  }

  /** A string with escapes or non-ASCII bytes: as JSON.parse reads it and JSON.stringify writes it. */
  private rewrittenString(start: number): void {
    const b = this.b;
    let p = start + 1;
    while (p < b.length && b[p] !== QUOTE) p += b[p] === BACKSLASH ? 2 : 1;
    if (p >= b.length) throw NOT_CANONICAL;
    let value: unknown;
    try {
      value = JSON.parse(decoder.decode(b.subarray(start, p + 1)));
    } catch {
      throw NOT_CANONICAL;
    }
    const text = JSON.stringify(value);
    const bytes = encoder.encode(text);
    // A character beyond ASCII takes more bytes in UTF-8 than units in UTF-16.
    if (bytes.length !== text.length) this.ascii = false;
    this.write(bytes);
    this.p = p + 1;
  }

  private number(): void {
    const b = this.b;
    const start = this.p;
    let p = start;
    if (b[p] === MINUS) p++;
    const first = p;
    if (b[p] === ZERO) p++;
    else if (isDigit(b[p]!)) while (isDigit(b[p]!)) p++;
    else throw NOT_CANONICAL;
    const whole = p - first;
    let fraction = 0;
    let leadingZeros = 0;
    let exponent = false;
    if (b[p] === DOT) {
      p++;
      if (!isDigit(b[p]!)) throw NOT_CANONICAL;
      const from = p;
      while (b[p] === ZERO) p++;
      leadingZeros = p - from;
      while (isDigit(b[p]!)) p++;
      fraction = p - from;
    }
    if (b[p] === 0x65 || b[p] === 0x45) {
      exponent = true;
      p++;
      if (b[p] === 0x2b || b[p] === MINUS) p++;
      if (!isDigit(b[p]!)) throw NOT_CANONICAL;
      while (isDigit(b[p]!)) p++;
    }
    this.p = p;
    if (!exponent && spelledAlike(b, start, first, whole, fraction, leadingZeros, p)) this.copy(start, p);
    else {
      const n = Number(String.fromCharCode.apply(null, b.subarray(start, p) as unknown as number[]));
      this.writeAscii(Number.isFinite(n) ? String(n) : 'null');
    }
  }

  private literal(): void {
    const b = this.b;
    const p = this.p;
    const size =
      b[p] === 0x74 && b[p + 1] === 0x72 && b[p + 2] === 0x75 && b[p + 3] === 0x65
        ? 4 // true
        : b[p] === 0x66 && b[p + 1] === 0x61 && b[p + 2] === 0x6c && b[p + 3] === 0x73 && b[p + 4] === 0x65
          ? 5 // false
          : b[p] === 0x6e && b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c
            ? 4 // null
            : 0;
    if (size === 0) throw NOT_CANONICAL;
    this.copy(p, p + size);
    this.p = p + size;
  }

  private ws(): void {
    const b = this.b;
    let p = this.p;
    while (isSpace(b[p]!)) p++;
    this.p = p;
  }

  private put(c: number): void {
    if (this.o === this.out.length) this.grow(1);
    this.out[this.o++] = c;
  }

  /** Copies input bytes [from, to) as they are (never longer than the input, so no growth is needed but after rewrites). */
  private copy(from: number, to: number): void {
    const size = to - from;
    if (this.o + size > this.out.length) this.grow(size);
    const out = this.out;
    const b = this.b;
    let o = this.o;
    // Short runs (names, ids) copy faster by hand than through set().
    if (size < 32) for (let i = from; i < to; i++) out[o++] = b[i]!;
    else {
      out.set(b.subarray(from, to), o);
      o += size;
    }
    this.o = o;
  }

  private writeAscii(text: string): void {
    if (this.o + text.length > this.out.length) this.grow(text.length);
    const out = this.out;
    for (let i = 0; i < text.length; i++) out[this.o++] = text.charCodeAt(i);
  }

  private write(bytes: Uint8Array): void {
    if (this.o + bytes.length > this.out.length) this.grow(bytes.length);
    this.out.set(bytes, this.o);
    this.o += bytes.length;
  }

  private grow(needed: number): void {
    const bigger = new Uint8Array(Math.max(this.out.length * 2, this.o + needed + 64));
    bigger.set(this.out.subarray(0, this.o));
    this.out = bigger;
  }
}

function sameBytes(name: Uint8Array, out: Uint8Array, at: number): boolean {
  for (let i = 0; i < name.length; i++) if (name[i] !== out[at + i]) return false;
  return true;
}

/**
 * Whether JavaScript spells the number [start, end) as it is written (no exponent): at most 15
 * significant digits are one double and come back as the same digits, so the spelling is the
 * same unless it has what JavaScript leaves out or writes otherwise — -0, a fraction ending in 0,
 * or below 1e-6, which it writes with an exponent.
 */
function spelledAlike(
  b: Uint8Array,
  start: number,
  first: number,
  whole: number,
  fraction: number,
  leadingZeros: number,
  end: number,
): boolean {
  if (b[start] === MINUS && whole === 1 && b[first] === ZERO && fraction === 0) return false; // -0
  if (fraction > 0 && b[end - 1] === ZERO) return false;
  const wholeIsZero = whole === 1 && b[first] === ZERO;
  if (wholeIsZero) return fraction === 0 || (leadingZeros <= 5 && fraction - leadingZeros <= EXACT_DIGITS);
  return whole + fraction <= EXACT_DIGITS;
}

/**
 * The document in JSON.stringify(JSON.parse(text)) form with its top-level members located, or
 * null when this reader cannot promise that form (then parse it). `watchedNames`: member names
 * the caller wants to know about (a key to drop, say).
 */
export function canonicalJson(bytes: Uint8Array, watchedNames: readonly string[] = []): CanonicalDocument | null {
  const plain = bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const watched = watchedNames.map((n) => encoder.encode(JSON.stringify(n)));
  try {
    return new Reader(plain, watched).document();
  } catch (error) {
    if (error === NOT_CANONICAL || error instanceof RangeError) return null; // RangeError: too deep for the stack
    throw error;
  }
}
