// Sniffs an input's format from its first decompressed bytes, the way lnav does: export
// streams start with FIELD=value lines, JSON with "{", json-seq with 0x1E; everything else is
// tried as text, and a sample where too few lines look like log lines is "not a log".
import type { ForcedFormat } from '../model.js';

export type Sniffed = ForcedFormat | 'journal-file' | 'binary' | 'empty';

const FIELD_LINE = /^[A-Z_][A-Z0-9_]{0,63}(=|\n)/;

export function sniffFormat(head: Buffer): Sniffed {
  let p = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) p = 3;
  // Leading NULs are what a crash leaves in a preallocated syslog file: look past them.
  while (p < head.length && (head[p] === 10 || head[p] === 13 || head[p] === 32 || head[p] === 9 || head[p] === 0)) p++;
  if (p >= head.length) return 'empty';
  if (head.subarray(p, p + 8).toString('latin1') === 'LPKSHHRH') return 'journal-file';
  const c = head[p];
  if (c === 0x1e) return 'json-seq';
  if (c === 0x7b) {
    let q = p + 1;
    while (q < head.length && (head[q] === 32 || head[q] === 13)) q++;
    return head[q] === 10 ? 'json-pretty' : 'json';
  }
  const firstLine = head.subarray(p, Math.min(head.length, p + 80)).toString('latin1');
  if (firstLine.startsWith('data: {')) return 'json';
  if (FIELD_LINE.test(firstLine)) return 'export';
  if (looksBinary(head.subarray(p))) return 'binary';
  return 'text';
}

/** Many NULs or control bytes: an image, an executable, a raw database — not a log. */
function looksBinary(b: Buffer): boolean {
  const n = Math.min(b.length, 4096);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    // A run of NULs counts once: a crash leaves whole blocks of them in a text log.
    if (c === 0) {
      if (i === 0 || b[i - 1] !== 0) bad += 4;
    } else if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 27 && c !== 12) bad++;
  }
  return bad > n * 0.1;
}
