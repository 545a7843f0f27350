import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from 'recheck';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadPatterns, RECHECK_PARAMS, SHIPPED_PATTERNS } from '../../src/patterns/load.js';
import { PatternFile } from '../../src/patterns/schema.js';
import { testPattern } from '../../src/patterns/tester.js';
import { REPO } from '../helpers.js';

const library = loadPatterns([]);

describe('the shipped pattern library', () => {
  it('loads, with unique ids and every subsystem file the design asks for', () => {
    expect(library.length).toBeGreaterThan(100);
    const files = new Set(library.map((p) => p.file.replace(/.*\//, '')));
    for (const f of [
      'corosync-totem.yaml',
      'corosync-knet.yaml',
      'corosync-quorum.yaml',
      'corosync-main.yaml',
      'corosync-services.yaml',
      'pmxcfs.yaml',
      'ha-lrm.yaml',
      'ha-crm.yaml',
      'watchdog-mux.yaml',
      'tasks.yaml',
      'qemu-rbd.yaml',
      'storage.yaml',
      'ceph-client.yaml',
      'locks.yaml',
      'replication.yaml',
      'kernel-systemd.yaml',
    ]) {
      expect(files, f).toContain(f);
    }
  });

  for (const p of library) {
    it(`${p.id}: examples match with their captures, near-misses do not`, () => {
      expect(testPattern(p)).toEqual([]);
    });
  }

  it('has no regex that can backtrack catastrophically', { timeout: 900_000 }, async () => {
    // recheck runs its analysis in a native helper process: a few at a time use both cores.
    const unsafe: string[] = [];
    const queue = [...library];
    const worker = async (): Promise<void> => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const res = await check(p.regex.source, p.search ? '' : 'y', { ...RECHECK_PARAMS, timeout: 30_000 });
        if (res.status !== 'safe') unsafe.push(`${p.id}: ${res.status}${res.status === 'vulnerable' ? ` (${res.complexity.type})` : ''}`);
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    expect(unsafe.sort()).toEqual([]);
  });

  it('gives almost every pattern a literal for the pre-filter', () => {
    const without = library.filter((p) => p.literal === null).map((p) => p.id);
    expect(without.length).toBeLessThanOrEqual(Math.ceil(library.length * 0.05));
  });

  it('ships a JSON Schema that matches the zod schema', () => {
    const shipped = JSON.parse(readFileSync(join(SHIPPED_PATTERNS, 'pattern.schema.json'), 'utf8'));
    expect(shipped).toEqual(z.toJSONSchema(PatternFile));
  });

  it('passes `pvelens patterns test`, which fails on a broken user file', () => {
    const ok = spawnSync(process.execPath, [join(REPO, 'bin', 'pvelens.js'), 'patterns', 'test'], { encoding: 'utf8' });
    expect(ok.stdout).toMatch(/ 0 failed\n$/);
    expect(ok.status).toBe(0);
  });
});
