import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';

/**
 * Bytes [start, end) of an open file as a stream, by positional reads. Unlike
 * `FileHandle.createReadStream`, destroying it (an import that stops early) leaves the handle
 * open: Node's file streams close their descriptor on destroy whatever `autoClose` says, and
 * the readers read several ranges from one handle.
 */
export class FileRangeStream extends Readable {
  /** The next byte to read. */
  pos: number;
  constructor(
    private readonly fh: FileHandle,
    start: number,
    private readonly end: number,
    private readonly chunk = 64 * 1024,
  ) {
    super();
    this.pos = start;
  }

  override _read(): void {
    const n = Math.min(this.chunk, this.end - this.pos);
    if (n <= 0) {
      this.push(null);
      return;
    }
    const buf = Buffer.allocUnsafe(n);
    this.fh.read(buf, 0, n, this.pos).then(
      ({ bytesRead }) => {
        if (this.destroyed) return;
        if (bytesRead === 0) {
          this.push(null);
          return;
        }
        this.pos += bytesRead;
        this.push(bytesRead === n ? buf : buf.subarray(0, bytesRead));
      },
      (err: Error) => this.destroy(err),
    );
  }
}
