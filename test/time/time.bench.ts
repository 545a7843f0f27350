// Cost of the per-line timestamp conversions. Run: npx vitest bench test/time --run
// Each iteration converts 1000 consecutive stamps, so divide the reported time by 1000.
import { bench, describe } from 'vitest';
import { createTimeContext } from '../../src/time/context.js';
import { monthIndex } from '../../src/time/months.js';
import { Zone } from '../../src/time/zone.js';

const BATCH = 1000;
let sink = 0;

describe('per-line conversions (1000 stamps per iteration)', () => {
  const zone = Zone.resolve('Europe/Berlin');
  let sec = 0;
  bench('Zone.wallToUtcMs, consecutive seconds', () => {
    for (let i = 0; i < BATCH; i++) {
      sec = (sec + 1) % 86_400;
      sink += zone.wallToUtcMs(2023, 10, 14, Math.floor(sec / 3600), Math.floor(sec / 60) % 60, sec % 60);
    }
  });

  const ctx = createTimeContext({ tz: 'Europe/Berlin', year: 2023 });
  let sec2 = 0;
  bench('TimeContext.yearlessToMicros, consecutive seconds', () => {
    for (let i = 0; i < BATCH; i++) {
      sec2 = (sec2 + 1) % 86_400;
      sink += ctx.yearlessToMicros(10, 14, Math.floor(sec2 / 3600), Math.floor(sec2 / 60) % 60, sec2 % 60, i);
    }
  });

  let hour = 0;
  bench('Zone.wallToUtcMs, a different hour every call (map cache)', () => {
    for (let i = 0; i < BATCH; i++) {
      hour = (hour + 1) % (24 * 28);
      sink += zone.wallToUtcMs(2023, 10, 1 + Math.floor(hour / 24), hour % 24, 13, 20);
    }
  });

  const tokens = ['Jan', 'Nov', 'Dec', 'Okt', 'févr.', ' 9月'];
  bench('monthIndex, mixed tokens', () => {
    for (let i = 0; i < BATCH; i++) sink += monthIndex(tokens[i % tokens.length]!);
  });
});

export { sink };
