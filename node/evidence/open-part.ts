// One part of a paged capture's text while it fills: hashed and, once it is big enough to be
// stored compressed, compressed as its bytes come (on zlib's threads), so that no part is ever
// joined into one buffer. A part that stays small is kept as it is, as any small blob is.
import { createHash } from 'node:crypto';
import { createGzip, type Gzip } from 'node:zlib';
import { captureHash, type CaptureHash } from '../../core/ids';
import { COMPRESS_FROM_BYTES } from '../../core/workbook/store';
import { GZIP_OPTIONS } from '../node-file-system';

/** A closed part: its hash, and its bytes as they are to be stored. */
export interface ClosedPart {
  hash: CaptureHash;
  stored: Promise<{ bytes: Uint8Array; compressed: boolean }>;
}

export class OpenPart {
  size = 0;
  private readonly hash = createHash('sha256');
  /** The bytes while the part is small (or not stored at all: then nothing is kept). */
  private held: Uint8Array[] = [];
  private gzip: Gzip | null = null;
  private readonly compressed: Buffer[] = [];

  /** `store`: false when the part is only hashed (verify). */
  constructor(private readonly store: boolean) {}

  add(bytes: Uint8Array): void {
    this.size += bytes.length;
    this.hash.update(bytes);
    if (!this.store) return;
    if (this.gzip) {
      this.gzip.write(bytes);
      return;
    }
    this.held.push(bytes);
    if (this.size >= COMPRESS_FROM_BYTES) {
      this.gzip = createGzip(GZIP_OPTIONS);
      this.gzip.on('data', (chunk: Buffer) => this.compressed.push(chunk));
      for (const held of this.held) this.gzip.write(held);
      this.held = [];
    }
  }

  close(): ClosedPart {
    const hash = captureHash(this.hash.digest('hex'));
    const gzip = this.gzip;
    if (!gzip) return { hash, stored: Promise.resolve({ bytes: Buffer.concat(this.held), compressed: false }) };
    const stored = new Promise<{ bytes: Uint8Array; compressed: boolean }>((resolve, reject) => {
      gzip.on('end', () => resolve({ bytes: Buffer.concat(this.compressed), compressed: true }));
      gzip.on('error', reject);
    });
    gzip.end();
    return { hash, stored };
  }

  /** Drops the part (a cancelled or failed capture). */
  discard(): void {
    this.gzip?.destroy();
    this.held = [];
  }
}
