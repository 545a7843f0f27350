import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, codes, REPO } from './helpers.js';

const FENCE = join(REPO, 'samples', 'cluster-fence');

describe('bundled samples', () => {
  it('read cleanly: three nodes in three formats, merged by time', async () => {
    const { records, diag } = await collect([FENCE]);
    expect(codes(diag)).toEqual([]);
    const byHost = new Map<string, Set<string>>();
    for (const r of records) {
      const set = byHost.get(r.host!) ?? new Set();
      set.add(r.format);
      byHost.set(r.host!, set);
    }
    expect([...byHost.keys()].sort()).toEqual(['pve1', 'pve2', 'pve3']);
    expect(byHost.get('pve1')).toEqual(new Set(['json']));
    expect(byHost.get('pve2')).toEqual(new Set(['short-iso-precise']));
    expect(byHost.get('pve3')).toEqual(new Set(['short-iso']));
    for (let i = 1; i < records.length; i++) expect(records[i]!.ts!).toBeGreaterThanOrEqual(records[i - 1]!.ts!);
  });

  it('show pve3 starting a new boot after it was fenced', async () => {
    const { records } = await collect([FENCE]);
    const boots = records.filter((r) => r.newBoot);
    expect(boots.map((r) => r.host)).toEqual(['pve3']);
    const before = records.filter((r) => r.host === 'pve3' && r.ts! < boots[0]!.ts!).at(-1)!;
    // Nothing was logged during the reset: a gap of minutes, not a shutdown sequence.
    expect((boots[0]!.ts! - before.ts!) / 1e6).toBeGreaterThan(60);
    expect(records.some((r) => r.host === 'pve3' && /watchdog expired/.test(r.message))).toBe(true);
  });
});
