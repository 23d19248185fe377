import type { FileHandle } from 'node:fs/promises';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { FileRangeStream } from './file-range';
import { RATIO_CHECK_MIN_BYTES, toMb } from './limits';
import { ImportFileError, type ReadLimits } from './types';

/**
 * A zip reader for .xlsx files that refuses zip bombs before inflating anything.
 *
 * The central directory (at the end of the file, small) is parsed by hand: it declares every
 * entry's compressed and uncompressed size, so the total and each entry's ratio are checked
 * up front. The declared sizes can lie, so every entry is also inflated through a counter that
 * stops the stream as soon as it produces more than the entry declared. Only stored (0) and
 * deflated (8) entries, which is all Excel writes, are read; encrypted entries are refused.
 *
 * Reading entries in whatever order we like (not the order they are stored in) is what lets
 * the xlsx reader load the workbook, styles and shared strings before a sheet without
 * spilling the sheet to a temporary file, as exceljs's streaming reader does.
 */

export type ZipEntry = {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
};

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const MAX_ENTRIES = 65_535;
const MAX_CENTRAL_DIRECTORY = 64 * 1024 * 1024;

const corrupt = () => new ImportFileError('error.import.file.zipCorrupt');

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) throw corrupt();
    done += bytesRead;
  }
  return buf;
}

function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt();
  return Number(v);
}

/** Reads and checks the central directory. Keys of the map are lower-cased entry names with `/` separators (OPC part names are case-insensitive). */
export async function readZipDirectory(fh: FileHandle, fileSize: number, limits: ReadLimits): Promise<Map<string, ZipEntry>> {
  const tailLen = Math.min(fileSize, 22 + 0xffff);
  const tail = await readAt(fh, fileSize - tailLen, tailLen);
  let eocd = -1;
  for (let i = tailLen - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt();
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locAt = fileSize - tailLen + eocd - 20;
    if (locAt < 0) throw corrupt();
    const loc = await readAt(fh, locAt, 20);
    if (loc.readUInt32LE(0) !== SIG_ZIP64_LOCATOR) throw corrupt();
    const z64At = u64(loc, 8);
    if (z64At + 56 > fileSize) throw corrupt();
    const z64 = await readAt(fh, z64At, 56);
    if (z64.readUInt32LE(0) !== SIG_ZIP64_EOCD) throw corrupt();
    count = u64(z64, 32);
    cdSize = u64(z64, 40);
    cdOffset = u64(z64, 48);
  }
  if (count > MAX_ENTRIES || cdSize > MAX_CENTRAL_DIRECTORY || cdOffset + cdSize > fileSize) throw corrupt();
  const cd = await readAt(fh, cdOffset, cdSize);

  const entries = new Map<string, ZipEntry>();
  let total = 0;
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) throw corrupt();
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localHeaderOffset = cd.readUInt32LE(p + 42);
    const end = p + 46 + nameLen + extraLen + commentLen;
    if (end > cd.length) throw corrupt();
    const rawName = cd.subarray(p + 46, p + 46 + nameLen);
    const name = (flags & 0x800 ? rawName.toString('utf8') : rawName.toString('latin1')).replace(/\\/g, '/');
    // Zip64 extended information: the 64-bit values, in this order, for the fields that are 0xFFFFFFFF.
    let x = p + 46 + nameLen;
    const extraEnd = x + extraLen;
    while (x + 4 <= extraEnd) {
      const id = cd.readUInt16LE(x);
      const size = cd.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let f = x + 4;
        const take = () => {
          if (f + 8 > x + 4 + size) throw corrupt();
          const v = u64(cd, f);
          f += 8;
          return v;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
      }
      x += 4 + size;
    }
    p = end;

    if (flags & 0x1) throw new ImportFileError('error.import.file.passwordProtected');
    if (name.endsWith('/')) continue; // a directory
    total += uncompressedSize;
    if (total > limits.maxUncompressedBytes) throw new ImportFileError('error.import.file.zipTooLarge', { maxMb: toMb(limits.maxUncompressedBytes) });
    if (uncompressedSize >= RATIO_CHECK_MIN_BYTES && uncompressedSize > limits.maxCompressionRatio * Math.max(compressedSize, 1)) {
      throw new ImportFileError('error.import.file.zipBomb', { ratio: Math.round(uncompressedSize / Math.max(compressedSize, 1)), max: limits.maxCompressionRatio });
    }
    entries.set(name.toLowerCase(), { name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
  }
  return entries;
}

/** Counts what an entry inflates to and fails the stream once it exceeds what the directory declared. */
export class SizeGuard extends Transform {
  /** Bytes inflated so far. */
  produced = 0;
  constructor(private readonly declared: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.produced += chunk.length;
    if (this.produced > this.declared) cb(new ImportFileError('error.import.file.zipSizeMismatch'));
    else cb(null, chunk);
  }
  override _flush(cb: TransformCallback): void {
    // Shorter than declared: a truncated or corrupt entry.
    cb(this.produced === this.declared ? null : new ImportFileError('error.import.file.zipCorrupt'));
  }
}

/**
 * The entry's inflated bytes as a stream. The returned stream owns the file stream and the
 * inflater: destroying it (as `for await` does when the loop exits early) releases both; the
 * FileHandle itself stays open (the caller closes it).
 */
export async function openZipEntry(fh: FileHandle, fileSize: number, entry: ZipEntry): Promise<Readable & { produced?: number }> {
  if (entry.method !== 0 && entry.method !== 8) throw new ImportFileError('error.import.file.zipUnsupported', { method: entry.method });
  if (entry.localHeaderOffset + 30 > fileSize) throw corrupt();
  const local = await readAt(fh, entry.localHeaderOffset, 30);
  if (local.readUInt32LE(0) !== SIG_LOCAL) throw corrupt();
  const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (start + entry.compressedSize > fileSize) throw corrupt();
  if (entry.compressedSize === 0) {
    if (entry.uncompressedSize !== 0) throw corrupt();
    return Readable.from([]);
  }
  const raw = new FileRangeStream(fh, start, start + entry.compressedSize);
  const guard = new SizeGuard(entry.uncompressedSize);
  const stages: NodeJS.ReadWriteStream[] = entry.method === 8 ? [createInflateRaw({ chunkSize: 64 * 1024 })] : [];
  const all: (Readable | NodeJS.ReadWriteStream)[] = [raw, ...stages, guard];
  // Manual wiring (not stream.pipeline, whose callback we do not need): an error anywhere
  // destroys every stage and surfaces on `guard`, the stream the caller reads.
  for (let i = 0; i < all.length - 1; i++) {
    const from = all[i] as Readable;
    const to = all[i + 1] as NodeJS.WritableStream;
    from.on('error', (err: Error) => guard.destroy(err instanceof ImportFileError ? err : corrupt()));
    from.pipe(to);
  }
  guard.on('close', () => {
    for (const s of all) if (s !== guard) (s as Readable).destroy();
  });
  return guard;
}
