// Turns a named group's text into its declared type, and derives annotations from it: cs_error_t
// and errno numbers decoded, UPIDs split into their fields, ring ids and member lists parsed.
// A text that does not fit its type yields no value (the event is then marked partial), never NaN.
import type { CaptureType } from '../patterns/schema.js';
import { decodeCsError, type CsError } from './cs-error.js';
import { ERRNO, errnoForMessage } from './errno.js';

export interface Upid {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  /** Task start, Unix seconds. */
  starttime: number;
  type: string;
  id: string;
  user: string;
}

export interface RingId {
  /** Representative: a node id (3.x) or an IP address (2.x). */
  rep: string;
  seq: number;
  format: 'hex' | 'nodeid' | 'ip';
}

export type CaptureValue = string | number | number[] | Array<{ node: number; pid: number }> | CsError | Upid | RingId;

export interface Annotations {
  cs_error?: CsError;
  errno?: { code: number; name: string; message: string };
  upid?: Upid;
  ring_id?: RingId;
  vmids?: number[];
}

const UPID_RE =
  /^UPID:([a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;

export function decodeUpid(text: string): Upid | null {
  const m = UPID_RE.exec(text);
  if (!m) return null;
  return {
    upid: text,
    node: m[1]!,
    pid: parseInt(m[2]!, 16),
    pstart: parseInt(m[3]!, 16),
    starttime: parseInt(m[4]!, 16),
    type: m[5]!,
    id: m[6]!,
    user: m[7]!,
  };
}

function decodeRingId(text: string): RingId | null {
  let m = /^([0-9a-f]+)\.([0-9a-f]+)$/.exec(text);
  if (m) return { rep: String(parseInt(m[1]!, 16)), seq: parseInt(m[2]!, 16), format: 'hex' };
  m = /^(\d+):(\d+)$/.exec(text);
  if (m) return { rep: m[1]!, seq: Number(m[2]), format: 'nodeid' };
  m = /^([0-9.]+|[0-9a-fA-F:]+):(\d+)$/.exec(text);
  if (m) return { rep: m[1]!, seq: Number(m[2]), format: 'ip' };
  return null;
}

const INT = /^[+-]?\d+$/;
const NUM = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

/** The typed value of `text`, or undefined when it does not fit `type`. */
export function typeCapture(type: CaptureType, text: string): CaptureValue | undefined {
  const t = text.trim();
  switch (type) {
    case 'string':
      return text;
    case 'int':
      return INT.test(t) && Number.isSafeInteger(Number(t)) ? Number(t) : undefined;
    case 'ms':
    case 'float':
      return NUM.test(t) ? Number(t) : undefined;
    case 'ints': {
      const parts = t.split(/[\s,]+/).filter((p) => p !== '' && p !== '\\');
      return parts.every((p) => /^\d+$/.test(p)) ? parts.map(Number) : undefined;
    }
    case 'hex':
      return /^(?:0x)?[0-9a-fA-F]+$/.test(t) ? parseInt(t, 16) : undefined;
    case 'hexes': {
      const parts = t.split(/\s+/).filter((p) => p !== '');
      return parts.length > 0 && parts.every((p) => /^[0-9a-fA-F]+$/.test(p)) ? parts.map((p) => parseInt(p, 16)) : undefined;
    }
    case 'cs_error':
      return decodeCsError(t) ?? undefined;
    case 'errno': {
      if (INT.test(t)) return Number(t);
      return errnoForMessage(t) ?? undefined;
    }
    case 'upid':
      return decodeUpid(t) ?? undefined;
    case 'ring_id':
      return decodeRingId(t) ?? undefined;
    case 'node_pids': {
      const items = t.split(/,\s*/).filter((p) => p !== '');
      const out: Array<{ node: number; pid: number }> = [];
      for (const item of items) {
        const m = /^(\d+)\/(\d+)$/.exec(item);
        if (!m) return undefined;
        out.push({ node: Number(m[1]), pid: Number(m[2]) });
      }
      return out;
    }
  }
}

/**
 * Does a typed capture equal what a pattern example expects? Examples write values the way a
 * person reads them: cs_error as printed (9 or "CS_ERR_BAD_HANDLE"), a UPID or ring id as its text.
 */
export function captureEquals(type: CaptureType, value: CaptureValue, raw: string, expected: unknown): boolean {
  switch (type) {
    case 'cs_error': {
      const e = value as CsError;
      return expected === e.code || expected === e.name || String(expected) === raw.trim();
    }
    case 'upid':
      return expected === (value as Upid).upid;
    case 'ring_id':
      return expected === raw.trim();
    default:
      return JSON.stringify(value) === JSON.stringify(expected);
  }
}

const VMID_ANCHOR = /-id |vm-|VM |lock-|vm:|ct:/;
const VMID_HINTS = [/(?:^|[\s(])-id (\d+)\b/g, /\bvm-(\d+)-(?:disk|cloudinit|state)/g, /\bVM (\d+)\b/g, /lock-(\d+)\.conf\b/g, /\b(?:vm|ct):(\d+)\b/g];

/** Annotations derived from the typed captures and the message as a whole. */
export function annotate(types: Record<string, CaptureType>, captures: Record<string, CaptureValue>, message: string): Annotations {
  const a: Annotations = {};
  const vmids = new Set<number>();
  for (const [name, value] of Object.entries(captures)) {
    const type = types[name] ?? 'string';
    if (type === 'cs_error') a.cs_error ??= value as CsError;
    else if (type === 'errno') {
      const e = ERRNO.get(value as number);
      if (e && !a.errno) a.errno = { code: value as number, ...e };
    } else if (type === 'upid') {
      const u = value as Upid;
      a.upid ??= u;
      if (/^\d+$/.test(u.id) && /^(?:qm|vz|ha|hastart|hastop|hamigrate|vncproxy|spiceproxy|resize|move|clone|backup)/.test(u.type)) vmids.add(Number(u.id));
    } else if (type === 'ring_id') a.ring_id ??= value as RingId;
    if (name === 'vmid' && typeof value === 'number') vmids.add(value);
  }
  // The VMID hints are only worth a regex scan when one of their anchors occurs.
  if (message.length < 65536 && VMID_ANCHOR.test(message)) {
    for (const re of VMID_HINTS) {
      re.lastIndex = 0;
      for (const m of message.matchAll(re)) {
        const n = Number(m[1]);
        if (n >= 100 && n <= 999999999) vmids.add(n);
      }
    }
  }
  if (vmids.size) a.vmids = [...vmids].sort((x, y) => x - y);
  return a;
}
