// Merges many sources' record batches into one stream ordered by time (a k-way merge that
// holds one batch per source, so memory does not grow with input size). Equal timestamps keep
// input order; an untimed record sorts with the timed record before it in its own source, so
// pasted excerpts keep their place among their neighbours.
import type { LogRecord } from '../model.js';

interface Lane {
  it: AsyncIterator<LogRecord[]>;
  batch: LogRecord[];
  pos: number;
  /** Sort key of the head record: its time, or the last time seen in this source. */
  key: number;
  lastTs: number;
  done: boolean;
}

const OUT_BATCH = 2048;

export async function* mergeByTime(sources: AsyncIterable<LogRecord[]>[]): AsyncGenerator<LogRecord[]> {
  if (sources.length === 1) {
    yield* sources[0]!;
    return;
  }
  const lanes: Lane[] = [];
  for (const s of sources) {
    const lane: Lane = { it: s[Symbol.asyncIterator](), batch: [], pos: 0, key: 0, lastTs: -Infinity, done: false };
    await refill(lane);
    lanes.push(lane);
  }
  let out: LogRecord[] = [];
  while (true) {
    // Pick the lane with the smallest head key; ties go to the earlier source.
    let best = -1;
    let second = Infinity;
    let secondIdx = -1;
    for (let i = 0; i < lanes.length; i++) {
      const l = lanes[i]!;
      if (l.done) continue;
      if (best < 0 || l.key < lanes[best]!.key) {
        if (best >= 0) {
          second = lanes[best]!.key;
          secondIdx = best;
        }
        best = i;
      } else if (l.key < second) {
        second = l.key;
        secondIdx = i;
      }
    }
    if (best < 0) break;
    const lane = lanes[best]!;
    // Take a run from this lane while it stays ahead of every other lane.
    const beatsOnTie = secondIdx < 0 || best < secondIdx;
    while (!lane.done && (lane.key < second || (lane.key === second && beatsOnTie))) {
      out.push(lane.batch[lane.pos]!);
      lane.pos++;
      if (lane.pos >= lane.batch.length) {
        if (out.length >= OUT_BATCH) {
          yield out;
          out = [];
        }
        await refill(lane);
      } else setKey(lane);
    }
    if (out.length >= OUT_BATCH) {
      yield out;
      out = [];
    }
  }
  if (out.length) yield out;
}

async function refill(lane: Lane): Promise<void> {
  while (true) {
    const r = await lane.it.next();
    if (r.done) {
      lane.done = true;
      lane.batch = [];
      return;
    }
    if (r.value.length) {
      lane.batch = r.value;
      lane.pos = 0;
      setKey(lane);
      return;
    }
  }
}

function setKey(lane: Lane): void {
  const ts = lane.batch[lane.pos]!.ts;
  if (ts !== null) lane.lastTs = ts;
  lane.key = ts ?? lane.lastTs;
}
