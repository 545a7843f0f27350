// Opens one input (a file or stdin) as a stream of byte chunks, decompressing gzip (Node's
// zlib), zstd (fzstd, pure JS) and xz (xz-decompress, xz-embedded compiled to WebAssembly)
// by their magic bytes. Plain files are read synchronously into one reused 64 KiB buffer:
// measured faster than fs streams, and small enough to stay out of V8's large-object space.
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';
import type { DiagnosticSink } from './diagnostics.js';

export const CHUNK_BYTES = 64 * 1024;

export type Compression = 'none' | 'gzip' | 'zstd' | 'xz';

export function compressionOf(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  return 'none';
}

export interface OpenedInput {
  /** Display name used in records and diagnostics. */
  name: string;
  /** Modification time in ms (for year inference), or null for stdin. */
  mtimeMs: number | null;
  compression: Compression;
  /** Decompressed chunks. A chunk may be reused after the consumer's next pull. */
  chunks: AsyncIterable<Buffer>;
}

export class OpenError extends Error {}

/** Open a file. Throws OpenError with a plain reason when it cannot be opened at all. */
export function openFile(path: string, diag: DiagnosticSink): OpenedInput {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new OpenError(describeFsError(e));
  }
  const st = fstatSync(fd);
  if (st.isDirectory()) {
    closeSync(fd);
    throw new OpenError('is a directory');
  }
  const head = Buffer.alloc(8);
  const n = readSync(fd, head, 0, 8, 0);
  const compression = compressionOf(head.subarray(0, n));
  if (compression === 'none') {
    return { name: path, mtimeMs: st.mtimeMs, compression, chunks: readPlain(fd) };
  }
  closeSync(fd);
  const raw = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  return { name: path, mtimeMs: st.mtimeMs, compression, chunks: decompress(raw, compression, path, diag) };
}

/** Standard input, decompressed if its first bytes say so. */
export function openStdin(diag: DiagnosticSink, stream: NodeJS.ReadableStream = process.stdin): OpenedInput {
  const name = '<stdin>';
  async function* sniffed(): AsyncGenerator<Buffer> {
    const it = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    const first = await it.next();
    if (first.done) return;
    const firstBuf = toBuffer(first.value);
    async function* rest(): AsyncGenerator<Buffer> {
      yield firstBuf;
      while (true) {
        const r = await it.next();
        if (r.done) return;
        yield toBuffer(r.value);
      }
    }
    const compression = compressionOf(firstBuf);
    if (compression === 'none') yield* rest();
    else yield* decompress(Readable.from(rest()), compression, name, diag);
  }
  return { name, mtimeMs: null, compression: 'none', chunks: sniffed() };
}

function toBuffer(v: Buffer | string): Buffer {
  return typeof v === 'string' ? Buffer.from(v) : v;
}

async function* readPlain(fd: number): AsyncGenerator<Buffer> {
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  try {
    while (true) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      if (n === 0) return;
      yield n === CHUNK_BYTES ? buf : buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Decompress a raw byte stream. Corrupt or truncated data ends the input with one diagnostic
 * that gives the compressed byte offset reached; everything decoded before it is kept.
 */
async function* decompress(
  raw: NodeJS.ReadableStream & { bytesRead?: number },
  kind: Exclude<Compression, 'none'>,
  name: string,
  diag: DiagnosticSink,
): AsyncGenerator<Buffer> {
  let compressedBytes = 0;
  const counted = (async function* () {
    for await (const c of raw as AsyncIterable<Buffer>) {
      compressedBytes += c.length;
      yield c;
    }
  })();
  try {
    if (kind === 'gzip') {
      const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
      const out = Readable.from(counted).pipe(gunzip);
      for await (const c of out as AsyncIterable<Buffer>) yield c;
    } else if (kind === 'zstd') {
      const pending: Buffer[] = [];
      const dec = new ZstdDecompress((data) => {
        pending.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      });
      for await (const c of counted) {
        dec.push(c);
        while (pending.length) yield pending.shift()!;
      }
      dec.push(new Uint8Array(0), true);
      while (pending.length) yield pending.shift()!;
    } else {
      const { default: xz } = await import('xz-decompress');
      const web = Readable.toWeb(Readable.from(counted)) as unknown as ReadableStream<Uint8Array>;
      const out = new xz.XzReadableStream(web);
      for await (const c of out as unknown as AsyncIterable<Uint8Array>) {
        yield Buffer.from(c.buffer, c.byteOffset, c.byteLength);
      }
    }
  } catch (e) {
    diag.report({
      input: name,
      line: null,
      offset: compressedBytes,
      kind: 'skipped',
      code: `${kind}-damaged`,
      message: `${kind} data is truncated or corrupt (${plainReason(e)}) near compressed byte ${compressedBytes}; the rest of this file is lost`,
    });
  }
}

function plainReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/get_next_output failed/.test(msg)) return 'xz decoder error';
  return msg;
}

export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return err.message ?? String(e);
  }
}
