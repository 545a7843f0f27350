import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectBytes, FIXTURES } from '../helpers.js';

/** What matters of a record for comparing two reads of the same bytes. */
const key = (r: { ts: number | null; host: string | null; ident: string | null; pid: number | null; message: string; line: number | null; bootId: string | null; newBoot: boolean; flags: number }): string =>
  JSON.stringify([r.ts, r.host, r.ident, r.pid, r.message, r.line, r.bootId, r.newBoot, r.flags]);

describe('reading is independent of how the bytes arrive', () => {
  const files = [
    ['journal', 'crafted.short.txt'],
    ['journal', 'merged.short-iso.txt'],
    ['journal', 'crafted.json.txt'],
    ['journal', 'crafted.json-pretty.txt'],
    ['journal', 'crafted.export.out'],
    ['syslog', 'traditional.log'],
    ['syslog', 'rfc5424.log'],
  ];
  for (const [dir, file] of files) {
    it(`gives the same records for ${file} in chunks of 1, 7, 333 and 64 KiB bytes`, async () => {
      const bytes = readFileSync(join(FIXTURES, dir!, file!));
      const opts = { tz: 'Europe/Berlin', year: 2023 };
      const whole = (await collectBytes(bytes, opts)).records.map(key);
      expect(whole.length).toBeGreaterThan(10);
      for (const size of [1, 7, 333, 65536]) {
        const parts = (await collectBytes(bytes, opts, size)).records.map(key);
        expect(parts, `chunk size ${size}`).toEqual(whole);
      }
    });
  }
});
