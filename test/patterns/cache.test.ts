// The build parses and validates the shipped YAML (pattern library, incident rules) into
// dist/*-cache.json. The command reads those without validating again; these tests check that
// they hold exactly what validating the YAML gives, are dropped as soon as a file changes, and
// are not written from an invalid file. (Tests run from src/, where no cache exists: the YAML path.)
import { cpSync, mkdtempSync, rmSync, statSync, utimesSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import * as srcRules from '../../src/correlate/rules.js';
import * as srcLoad from '../../src/patterns/load.js';
import { REPO } from '../helpers.js';

type Load = typeof srcLoad;
type Rules = typeof srcRules;
const dist = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(join(REPO, 'dist', rel)).href)) as T;

const tmp = mkdtempSync(join(tmpdir(), 'pvelens-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('shipped YAML caches', () => {
  it('hold exactly the validated YAML of every shipped file, for patterns and incident rules', async () => {
    const load = await dist<Load>('patterns/load.js');
    for (const [dir, name, validate] of [
      [srcLoad.SHIPPED_PATTERNS, srcLoad.SHIPPED_CACHES.patterns, srcLoad.validatePatternFile],
      [srcRules.SHIPPED_INCIDENTS, srcLoad.SHIPPED_CACHES.incidents, srcRules.validateIncidentFile],
    ] as const) {
      const cached = load.readShippedCache(dir, name);
      expect(cached, name).not.toBeNull();
      expect(cached!.map((c) => c.file)).toEqual(srcLoad.patternFiles(dir));
      for (const { file, data } of cached!) expect(data, file).toEqual(validate(file, srcLoad.readPatternData(file)));
      // From src/ there is no cache next to the module: the comparison below is cache vs YAML.
      expect(srcLoad.readShippedCache(dir, name)).toBeNull();
    }
  });

  it('give the command the same incident rules as reading the YAML', async () => {
    const rules = await dist<Rules>('correlate/rules.js');
    const fromCache = rules.loadIncidentRules();
    expect(fromCache.map((r) => r.type)).toContain('fencing-reboot');
    expect(fromCache).toEqual(srcRules.loadIncidentRules());
    // Defaults come from validation: the cache holds them, as the command does not validate again.
    const raw = srcLoad.readPatternData(srcLoad.patternFiles(srcRules.SHIPPED_INCIDENTS)[0]!) as { incidents: Array<{ type: string; kind?: string }> };
    const implicit = raw.incidents.filter((r) => r.kind === undefined).map((r) => r.type);
    expect(implicit.length).toBeGreaterThan(3);
    for (const type of implicit) expect(fromCache.find((r) => r.type === type)?.kind, type).toBe('span');
  });

  it('give the command the same patterns as reading the YAML', async () => {
    const load = await dist<Load>('patterns/load.js');
    const strip = (ps: ReturnType<Load['loadPatterns']>) => ps.map((p) => ({ ...p, file: p.file.replace(/.*\/patterns\//, ''), regex: p.regex.source }));
    expect(strip(load.loadPatterns([]))).toEqual(strip(srcLoad.loadPatterns([])));
  });

  it('are not written from a file that fails validation, which the loader then reports', async () => {
    const load = await dist<Load>('patterns/load.js');
    const rules = await dist<Rules>('correlate/rules.js');
    const dir = join(tmp, 'broken') + '/';
    cpSync(srcRules.SHIPPED_INCIDENTS, dir, { recursive: true });
    const file = srcLoad.patternFiles(dir)[0]!;
    appendFileSync(file, '\n  - type: no-such-type\n');
    const name = `test-broken-${process.pid}`;
    onTestFinished(() => rmSync(join(REPO, 'dist', `${name}.json`), { force: true }));
    expect(() => load.writeShippedCache(dir, name, rules.validateIncidentFile)).toThrow(file);
    expect(load.readShippedCache(dir, name)).toBeNull();
    expect(() => rules.loadIncidentRules(dir)).toThrow(/incident no-such-type.*type/);
  });

  it('are not used once a file differs in mtime or size from the build', async () => {
    const load = await dist<Load>('patterns/load.js');
    const dir = join(tmp, 'incidents') + '/';
    cpSync(srcRules.SHIPPED_INCIDENTS, dir, { recursive: true });
    // A copy has new mtimes: the shipped cache does not apply to it.
    expect(load.readShippedCache(dir, srcLoad.SHIPPED_CACHES.incidents)).toBeNull();
    // A cache built for the copy applies, until a file changes.
    const name = `test-cache-${process.pid}`;
    onTestFinished(() => rmSync(join(REPO, 'dist', `${name}.json`), { force: true }));
    const files = srcLoad.patternFiles(dir);
    expect(load.writeShippedCache(dir, name, srcRules.validateIncidentFile)).toBe(files.length);
    expect(load.readShippedCache(dir, name)?.map((c) => c.file)).toEqual(files);
    const later = new Date(statSync(files[0]!).mtimeMs + 5000);
    utimesSync(files[0]!, later, later);
    expect(load.readShippedCache(dir, name)).toBeNull();
    load.writeShippedCache(dir, name, srcRules.validateIncidentFile);
    expect(load.readShippedCache(dir, name)).not.toBeNull();
    appendFileSync(files[1]!, '\n# edited\n');
    expect(load.readShippedCache(dir, name)).toBeNull();
  });
});
