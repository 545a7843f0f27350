import { describe, expect, it } from 'vitest';
import { mergeByTime } from '../../src/ingest/merge.js';
import { emptyRecord, type LogRecord } from '../../src/model.js';

function rec(input: string, ts: number | null, message: string): LogRecord {
  return { ...emptyRecord(input, ts === null ? 'untimed' : 'short-iso'), ts, message };
}

/** A source that yields its records in batches of the given size. */
async function* source(records: LogRecord[], batch: number): AsyncGenerator<LogRecord[]> {
  for (let i = 0; i < records.length; i += batch) yield records.slice(i, i + batch);
}

async function merged(sources: LogRecord[][], batch = 2): Promise<string[]> {
  const out: string[] = [];
  for await (const b of mergeByTime(sources.map((s) => source(s, batch)))) out.push(...b.map((r) => `${r.input}:${r.message}`));
  return out;
}

describe('merging many inputs by time', () => {
  it('merges two nodes by time and keeps equal timestamps in input order', async () => {
    const a = [rec('a', 1, 'a1'), rec('a', 3, 'a3'), rec('a', 5, 'a5a'), rec('a', 5, 'a5b')];
    const b = [rec('b', 2, 'b2'), rec('b', 3, 'b3'), rec('b', 5, 'b5'), rec('b', 9, 'b9')];
    for (const batch of [1, 2, 3, 100]) {
      expect(await merged([a, b], batch)).toEqual(['a:a1', 'b:b2', 'a:a3', 'b:b3', 'a:a5a', 'a:a5b', 'b:b5', 'b:b9']);
      expect(await merged([b, a], batch)).toEqual(['a:a1', 'b:b2', 'b:b3', 'a:a3', 'b:b5', 'a:a5a', 'a:a5b', 'b:b9']);
    }
  });

  it('keeps untimed records next to the timed record before them in their own input', async () => {
    const a = [rec('a', 10, 'a10'), rec('a', null, 'a-untimed-1'), rec('a', null, 'a-untimed-2'), rec('a', 30, 'a30')];
    const b = [rec('b', 5, 'b5'), rec('b', 20, 'b20'), rec('b', 40, 'b40')];
    expect(await merged([a, b])).toEqual(['b:b5', 'a:a10', 'a:a-untimed-1', 'a:a-untimed-2', 'b:b20', 'a:a30', 'b:b40']);
  });

  it('puts a wholly untimed excerpt first, in its own order', async () => {
    const a = [rec('a', null, 'x1'), rec('a', null, 'x2')];
    const b = [rec('b', 5, 'b5')];
    expect(await merged([b, a])).toEqual(['a:x1', 'a:x2', 'b:b5']);
  });

  it('merges many sources with random timestamps into non-decreasing order', async () => {
    let seed = 42;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const sources: LogRecord[][] = [];
    for (let s = 0; s < 7; s++) {
      let t = 0;
      sources.push(Array.from({ length: 200 }, (_, i) => rec(`s${s}`, (t += Math.floor(rnd() * 5)), `${i}`)));
    }
    const out: LogRecord[] = [];
    for await (const b of mergeByTime(sources.map((s) => source(s, 13)))) out.push(...b);
    expect(out).toHaveLength(1400);
    for (let i = 1; i < out.length; i++) {
      const p = out[i - 1]!;
      const c = out[i]!;
      expect(c.ts!).toBeGreaterThanOrEqual(p.ts!);
      // Stable: on equal time, the earlier input first; within an input, file order.
      if (c.ts === p.ts && c.input === p.input) expect(Number(c.message)).toBeGreaterThan(Number(p.message));
      if (c.ts === p.ts && c.input !== p.input) expect(Number(c.input.slice(1))).toBeGreaterThan(Number(p.input.slice(1)));
    }
  });
});
