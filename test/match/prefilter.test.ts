// The matcher's shortcuts (identifier buckets, the literal automaton, "*" patterns skipping
// programs that never print Proxmox text) must never change which events a line yields: compare
// with the obvious matcher that tries every applicable pattern on every line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiteralAutomaton } from '../../src/match/literals.js';
import { applyPattern, Matcher } from '../../src/match/matcher.js';
import type { LogRecord, MatchEvent } from '../../src/model.js';
import type { CompiledPattern } from '../../src/patterns/compile.js';
import { loadPatterns } from '../../src/patterns/load.js';
import { collect, collectBytes, FIXTURES, REPO } from '../helpers.js';
import { readCases } from './line-cases.js';

const library = loadPatterns([]);
const matcher = new Matcher(library);

function applies(p: CompiledPattern, ident: string | null): boolean {
  if (ident !== null && p.identifiers.includes(ident)) return true;
  if (!p.identifiers.includes('*')) return false;
  if (ident === null) return true;
  return !p.excludedIdentifiers.some((x) => (x.endsWith('*') ? ident.startsWith(x.slice(0, -1)) : ident === x));
}

/** Every applicable pattern on every record, then the same superseding rule. */
function naive(r: LogRecord): string[] {
  const ids: string[] = [];
  for (const p of library) if (applies(p, r.ident) && applyPattern(p, r, r.message)) ids.push(p.id);
  const dropped = new Set(library.filter((p) => ids.includes(p.id)).flatMap((p) => p.supersedes));
  return ids.filter((id) => !dropped.has(id));
}

function fast(r: LogRecord): string[] {
  const out: MatchEvent[] = [];
  matcher.match(r, out);
  return out.map((e) => e.ruleId);
}

describe('literal automaton', () => {
  it('reports overlapping literals, literals inside others and repeats, in the order they end', () => {
    const a = new LiteralAutomaton(['storage \'', 'rage', 'is not online', 'not', 'é-lit']);
    expect(a.scan("storage 'nfs1' is not online", 28)).toEqual([1, 0, 3, 2]);
    expect(a.scan('nothing here, not one', 21)).toEqual([3, 3]);
    expect(a.scan('plain text', 10)).toBeNull();
    expect(a.scan('a é-lit b', 9)).toEqual([4]);
    // Only the first `length` characters count.
    expect(a.scan("storage 'nfs1' is not online", 9)).toEqual([1, 0]);
  });
});

describe('the fast matcher agrees with trying every pattern', () => {
  it('on every catalog, seed and published line', async () => {
    const cases = [...readCases(join(FIXTURES, 'catalog', 'summary-lines.txt')), ...readCases(join(FIXTURES, 'seeds', 'seed-lines.txt'))];
    const { records } = await collectBytes(cases.map((c) => c.line).join('\n') + '\n', { year: 2025, tz: 'Europe/Berlin' });
    const published = await collect([join(FIXTURES, 'published')], { year: 2025, tz: 'Europe/Berlin' });
    const all = [...records, ...published.records];
    expect(all.length).toBeGreaterThan(300);
    let events = 0;
    for (const r of all) {
      const want = naive(r);
      events += want.length;
      expect(fast(r), `${r.ident}: ${r.message}`).toEqual(want);
    }
    expect(events).toBeGreaterThan(250);
  });

  it('on the bundled samples, line by line', async () => {
    const { records } = await collect([join(REPO, 'samples')], { tz: 'Europe/Berlin' });
    let events = 0;
    for (const r of records) {
      const want = naive(r);
      events += want.length;
      expect(fast(r), `${r.input}:${r.line}`).toEqual(want);
    }
    expect(events).toBeGreaterThan(100);
  });
});

describe('"*" patterns skip programs that never print Proxmox text', () => {
  it('ignores Proxmox-looking text echoed by cron, sshd, postfix and the kernel', async () => {
    const { records } = await collectBytes(
      `Dec 14 03:01:01 pve1 CRON[20411]: (root) CMD (echo "storage 'nfs1' is not online" >> /tmp/x)
Dec 14 03:02:11 pve1 sshd[40112]: Invalid user can't lock file '/var/lock/qemu-server/lock-101.conf' - got timeout from 10.0.0.5
Dec 14 03:03:01 pve1 postfix/local[5514]: 3F1A: to=<root>, status=sent (VM 101 is locked (backup))
Dec 14 03:03:02 pve1 pvestatd[1450]: storage 'nfs1' is not online
Dec 14 03:03:03 pve1 chronyd[900]: System clock wrong by 3.521 seconds
`,
      { year: 2025, tz: 'UTC' },
    );
    expect(records.map(fast)).toEqual([[], [], [], ['storage.not_online'], ['time.chrony_clock_wrong']]);
  });

  it('lets a user file extend the list, with prefixes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pvelens-excl-'));
    writeFileSync(join(dir, 'site.yaml'), "subsystem: site noise\nwildcard_excludes: ['backup-*', mytool]\npatterns: []\n");
    const m = new Matcher(loadPatterns([dir]));
    const rec = (ident: string): LogRecord => ({ ...collectRecord, ident });
    const run = (ident: string): string[] => {
      const out: MatchEvent[] = [];
      m.match(rec(ident), out);
      return out.map((e) => e.ruleId);
    };
    expect(run('backup-runner')).toEqual([]);
    expect(run('mytool')).toEqual([]);
    expect(run('mytool2')).toEqual(['storage.not_online']);
    expect(run('pvestatd')).toEqual(['storage.not_online']);
  });

  it('rejects a malformed exclusion with the file named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pvelens-excl-'));
    writeFileSync(join(dir, 'bad.yaml'), "subsystem: x\nwildcard_excludes: ['*']\npatterns: []\n");
    expect(() => loadPatterns([dir])).toThrow(/bad\.yaml: wildcard_excludes\.0: a name, or a prefix followed by one "\*"/);
    writeFileSync(join(dir, 'bad.yaml'), 'subsystem: x\npatterns: []\n');
    expect(() => loadPatterns([dir])).toThrow(/bad\.yaml: patterns: a pattern file needs at least one pattern/);
  });
});

describe('events', () => {
  it('work out summary, annotations and fingerprint only when asked, and keep them', async () => {
    const { records } = await collectBytes('Dec 14 03:10:12 pve3 pmxcfs[1187]: [status] crit: cpg_send_message failed: 9\n', { year: 2025, tz: 'UTC' });
    const out: MatchEvent[] = [];
    matcher.match(records[0]!, out);
    const ev = out[0]!;
    expect(ev.ruleId).toBe('pmxcfs.cpg_send_message_failed');
    expect(ev.summary).toContain('9 (CS_ERR_BAD_HANDLE)');
    expect(ev.summary).toBe(ev.summary);
    expect(ev.annotations.cs_error).toMatchObject({ code: 9 });
    expect(ev.annotations).toBe(ev.annotations);
    expect(ev.fingerprint).toContain('pmxcfs.cpg_send_message_failed');
  });
});

const collectRecord: LogRecord = (await collectBytes("Dec 14 03:03:02 pve1 pvestatd[1450]: storage 'nfs1' is not online\n", { year: 2025, tz: 'UTC' })).records[0]!;
