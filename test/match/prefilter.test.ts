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
import { RecordFlag } from '../../src/model.js';
import type { IngestOptions } from '../../src/ingest/pipeline.js';
import { eventDocument } from '../../src/sinks/ecs.js';
import { EventIds } from '../../src/sinks/ids.js';
import { collect, collectBytes, FIXTURES, prng, REPO } from '../helpers.js';
import { analyzeNdjson } from '../correlate/analyze.js';
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

describe('the parser\'s message filter (events skip building records no pattern can match)', () => {
  it('finds a literal in a byte range, and only there', () => {
    const a = new LiteralAutomaton(['is not online', 'cfs', 'é-lit']);
    const bytes = Buffer.from("xx storage 'nfs1' is not online yy");
    expect(a.occursIn(bytes, 0, bytes.length)).toBe(true);
    expect(a.occursIn(bytes, 18, 31)).toBe(true);
    expect(a.occursIn(bytes, 18, 30)).toBe(false); // ends one byte short
    expect(a.occursIn(bytes, 19, bytes.length)).toBe(false);
    expect(a.occursIn(Buffer.from('pmxcfs'), 0, 6)).toBe(true);
    expect(a.occursIn(Buffer.from('a e-lit b'), 0, 9)).toBe(false);
  });

  it('is not offered when a pattern has no literal to look for', () => {
    expect(matcher.messageFilter()).not.toBeNull();
    const dir = mkdtempSync(join(tmpdir(), 'pvelens-nolit-'));
    writeFileSync(
      join(dir, 'site.yaml'),
      `subsystem: site
identifiers: [mytool]
patterns:
  - id: site.any_case
    summary: 'disk trouble'
    regex: 'disk (?:error|failure)'
    ignore_case: true
    severity: warning
    category: host
    action: disk-trouble
    layer: host
    examples:
      - message: 'DISK ERROR on sda'
`,
    );
    expect(new Matcher(loadPatterns([dir])).messageFilter()).toBeNull();
  });

  // Every text shape the fast path sees, and the ones next to it: continuation lines (a literal
  // only in the continuation), boot separators between hosts, CRLF, colour codes, ISO stamps,
  // an identifier without pid, lines of two hosts, untimed pasted lines.
  const head = 'Dec 14 03:00:01 pve1 pvedaemon[1520]: ';
  const crafted = [
    '-- Boot 0123456789abcdef0123456789abcdef --',
    'Dec 14 03:00:00 pve1 systemd[1]: Starting Daily apt upgrade and clean activities...',
    `${head}<root@pam> starting task UPID:pve1:0000A1B2:0001C3D4:6579A1B2:qmstart:101:root@pam:`,
    `${head}worker exit with no words`,
    `${' '.repeat(head.length)}continued text: storage 'nfs1' is not online`,
    // This separator belongs to pve2's next line (a stub), not to pve1's next record.
    '-- Boot fedcba9876543210fedcba9876543210 --',
    'Dec 14 03:00:02 pve2 CRON[20411]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)',
    'Dec 14 03:00:04 pve1 pmxcfs[1187]: [status] crit: cpg_send_message failed: 9\r',
    'Dec 14 03:00:04 pve1 pmxcfs[1187]: [status] notice: received log\r',
    'Dec 14 03:00:04 pve2 kernel: Linux version 6.8.12-4-pve (build@proxmox)',
    'Dec 14 03:00:04 pve2 kernel: Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve',
    '\x1b[0;1;31mDec 14 03:00:05 pve1 corosync[1100]:   [TOTEM ] A processor failed, forming new configuration.\x1b[0m',
    '2025-12-14T03:00:06.123456+01:00 pve3 corosync[1100]:   [KNET  ] link: host: 2 link: 0 is down',
    '2025-12-14T03:00:06.223456+01:00 pve3 sshd[901]: Accepted publickey for root from 10.0.0.9 port 50022',
    'Dec 14 03:00:07 pve3 pvestatd: status update time (5.123 seconds)',
    'corosync[3813]:   [QUORUM] This node is within the non-primary component and will NOT provide any services.',
    'Dec 14 03:00:08 pve3 postfix/qmgr[1400]: 3F1A: removed',
    "Dec 14 03:00:09 pve3 pve-ha-lrm[1600]: lost lock 'ha_agent_pve3_lock - cfs lock update failed - Permission denied",
    'Dec 14 03:00:10 pve3 pvescheduler[2000]: replication: no common base snapshot',
  ].join('\n') + '\n';

  /** What `events -o ndjson` would print, and the ingest counts, with or without the filter. */
  async function eventsOf(data: Buffer | string | string[], filter: boolean, chunks: number | number[] = 0, extra: Partial<IngestOptions> = {}) {
    const opts: Partial<IngestOptions> = { year: 2025, tz: 'Europe/Berlin', messageFilter: filter ? matcher.messageFilter() : null, ...extra };
    const { records, stats, diag } = typeof data === 'object' && Array.isArray(data) ? await collect(data, opts) : await collectBytes(data, opts, chunks);
    const ids = new EventIds();
    const docs: string[] = [];
    const evs: MatchEvent[] = [];
    const evIds: string[] = [];
    for (const r of records) {
      const from = evs.length;
      matcher.match(r, evs);
      ids.assign(r, evs, from, evIds);
    }
    evs.forEach((ev, i) => docs.push(JSON.stringify(eventDocument(ev, evIds[i]))));
    const stubs = records.filter((r) => (r.flags & RecordFlag.unmatched) !== 0).length;
    return { docs, stats, diagnostics: diag.collected, stubs, lines: records.map((r) => `${r.input}:${r.line}@${r.ts} ${r.host}`) };
  }

  it('gives the same events, ids and counts as full records on crafted text, in any chunking', async () => {
    const full = await eventsOf(crafted, false);
    expect(full.stubs).toBe(0);
    expect(full.docs.length).toBeGreaterThanOrEqual(7);
    // The literal in the continuation line matches the whole record, and the separator's boot
    // goes to pve2 (pve1's records keep the first boot).
    const cont = full.docs.map((d) => JSON.parse(d)).filter((d) => d.rule.id === 'storage.not_online');
    expect(cont.map((d) => [d.host.name, d.host.boot?.id, d.pvelens.source.line])).toEqual([['pve1', '0123456789abcdef0123456789abcdef', 4]]);
    const cpg = full.docs.map((d) => JSON.parse(d)).find((d) => d.rule.id === 'pmxcfs.cpg_send_message_failed');
    expect([cpg.host.boot.id, cpg.pvelens.boot]).toEqual(['0123456789abcdef0123456789abcdef', undefined]);
    const rand = prng(7);
    for (const chunks of [0, 1, 7, 64, Array.from({ length: 20 }, () => 1 + Math.floor(rand() * 90))]) {
      const filtered = await eventsOf(crafted, true, chunks);
      expect(filtered.stubs, `chunks ${chunks}`).toBeGreaterThanOrEqual(3);
      expect(filtered.docs, `chunks ${chunks}`).toEqual(full.docs);
      expect(filtered.stats).toEqual(full.stats);
      expect(filtered.diagnostics).toEqual(full.diagnostics);
      expect(filtered.lines).toEqual(full.lines);
    }
  });

  it('gives the same events, ids and counts on the bundled samples and published excerpts, merged by time', async () => {
    const inputs = [join(REPO, 'samples'), join(FIXTURES, 'published')];
    const full = await eventsOf(inputs, false);
    const filtered = await eventsOf(inputs, true);
    expect(filtered.stubs).toBeGreaterThan(50);
    expect(full.docs.length).toBeGreaterThan(100);
    expect(filtered.docs).toEqual(full.docs);
    expect(filtered.stats).toEqual(full.stats);
    expect(filtered.lines).toEqual(full.lines);
  });

  it('gives the same events, ids and counts as full records on journal JSON, in any chunking', async () => {
    const boot1 = '0123456789abcdef0123456789abcdef';
    const boot2 = 'fedcba9876543210fedcba9876543210';
    const j = (host: string | null, boot: string | null, ident: string, msg: unknown, us: number, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ __CURSOR: `s=1;i=${us}`, __REALTIME_TIMESTAMP: String(us), ...(boot && { _BOOT_ID: boot }), ...(host && { _HOSTNAME: host }), PRIORITY: '6', SYSLOG_IDENTIFIER: ident, _PID: '1187', MESSAGE: msg, ...extra });
    const t0 = Date.UTC(2025, 11, 14, 2, 0, 0) * 1000;
    const lines = [
      j('pve1', boot1, 'pmxcfs', '[status] notice: received log', t0), // the host's first record: full
      j('pve1', boot1, 'CRON', '(root) CMD (debian-sa1 1 1)', t0 + 1e6), // stub
      j('pve1', boot1, 'pmxcfs', '[status] crit: cpg_send_message failed: 9', t0 + 2e6),
      j('pve1', boot1, 'sshd', 'Accepted publickey for root from 10.0.0.9 port 50022', t0 + 3e6), // stub, last line before the reset
      // A new boot whose first line no pattern matches: a full record (it carries the new boot).
      j('pve1', boot2, 'systemd-journald', 'Journal started', t0 + 400e6),
      j('pve1', boot2, 'kernel', 'Linux version 6.8.12-4-pve (build@proxmox)', t0 + 400e6 + 1),
      j('pve1', boot2, 'sshd', 'Server listening on 0.0.0.0 port 22.', t0 + 410e6), // stub
      j('pve1', boot2, 'pvedaemon', 'a \"quoted\" message', t0 + 411e6), // escapes: JSON.parse path, full
      j('pve1', boot2, 'pvedaemon', [104, 105], t0 + 412e6), // binary: full
      j('pve1', boot2, 'pvedaemon', null, t0 + 413e6), // omitted: full, with its warning
      j(null, null, 'sshd', 'no host and no boot', t0 + 414e6), // --host default
      j('pve2', boot1, 'sshd', 'first line of pve2', t0 + 415e6),
      j('pve2', boot1, 'corosync', '[KNET  ] link: host: 1 link: 0 is down', t0 + 416e6),
      j('pve2', boot1, 'postfix/qmgr', 'removed', t0 + 417e6), // stub
      '{"MESSAGE": broken',
    ];
    const data = lines.join('\n') + '\n';
    const full = await eventsOf(data, false, 0, { defaultHost: 'pveX' });
    expect(full.docs.length).toBeGreaterThanOrEqual(3);
    expect(full.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['json-message-null', 'invalid-json']));
    const rand = prng(11);
    for (const chunks of [0, 1, 5, 97, Array.from({ length: 30 }, () => 1 + Math.floor(rand() * 300))]) {
      const filtered = await eventsOf(data, true, chunks, { defaultHost: 'pveX' });
      expect(filtered.stubs, `chunks ${chunks}`).toBe(5);
      expect(filtered.docs, `chunks ${chunks}`).toEqual(full.docs);
      expect(filtered.stats).toEqual(full.stats);
      expect(filtered.diagnostics).toEqual(full.diagnostics);
      expect(filtered.lines).toEqual(full.lines);
    }
    // analyze: the reboot is seen from the boot id, its first line is named, the last line before is a stub.
    const ndjson = async (filter: boolean) => analyzeNdjson((await collectBytes(data, { defaultHost: 'pveX', messageFilter: filter ? matcher.messageFilter() : null }, 0)).records);
    const [plain, stubbed] = [await ndjson(false), await ndjson(true)];
    const reboot = JSON.parse(stubbed.split('\n').find((l) => l.includes('"type":"unclean-reboot"'))!);
    expect([reboot.pvelens.incident.details.last_before.line, reboot.pvelens.incident.details.first_after.line]).toEqual([4, 5]);
    expect(stubbed).toEqual(plain);
  });

  it('leaves analyze\'s events and incidents as they are: gaps, reset gaps and evidence lines need only time, host and place', async () => {
    // The samples hold fencing and unclean reboots (the last line before a reset is often one no
    // pattern matches), quorum loss across nodes, RBD, CMAP and lock incidents.
    const inputs = [join(REPO, 'samples'), join(FIXTURES, 'published')];
    const opts = (filter: boolean): Partial<IngestOptions> => ({ messageFilter: filter ? matcher.messageFilter() : null });
    const full = await collect(inputs, opts(false));
    const filtered = await collect(inputs, opts(true));
    expect(filtered.records.filter((r) => (r.flags & RecordFlag.unmatched) !== 0).length).toBeGreaterThan(50);
    const want = analyzeNdjson(full.records);
    const got = analyzeNdjson(filtered.records);
    const incidents = want.split('\n').filter((l) => l.includes('"incident":{'));
    expect(incidents.length).toBeGreaterThan(5);
    expect(incidents.filter((l) => l.includes('"last_before"')).length).toBeGreaterThan(0);
    expect(got).toEqual(want);

    // A reset whose last line before is one no pattern matches (a stub), and a silence.
    const reset = [
      'Dec 14 03:00:00 pve1 pmxcfs[1187]: [status] notice: received log',
      'Dec 14 03:00:01 pve1 CRON[20411]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)',
      'Dec 14 03:00:02 pve1 sshd[901]: Accepted publickey for root from 10.0.0.9 port 50022 ssh2',
      'Dec 14 03:06:30 pve1 kernel: Linux version 6.8.12-4-pve (build@proxmox) (gcc (Debian 12.2.0-14) 12.2.0) #1 SMP',
      'Dec 14 03:06:41 pve1 systemd[1]: Started ssh.service - OpenBSD Secure Shell server.',
    ].join('\n') + '\n';
    const ndjson = async (filter: boolean) => analyzeNdjson((await collectBytes(reset, { year: 2025, tz: 'UTC', ...opts(filter) }, 0)).records);
    const [plain, stubbed] = [await ndjson(false), await ndjson(true)];
    const inc = JSON.parse(stubbed.split('\n').find((l) => l.includes('"incident":{'))!);
    expect([inc.pvelens.incident.type, inc.pvelens.incident.details.last_before.line]).toEqual(['unclean-reboot', 3]);
    expect(stubbed).toEqual(plain);
  });

  it('keeps --since/--until counts', async () => {
    const window = { sinceUs: Date.UTC(2025, 11, 14, 2, 0, 3) * 1000, untilUs: Date.UTC(2025, 11, 14, 2, 0, 8) * 1000 };
    const full = await eventsOf(crafted, false, 0, window);
    const filtered = await eventsOf(crafted, true, 0, window);
    expect(full.stats.filtered).toBeGreaterThan(0);
    expect(filtered.docs).toEqual(full.docs);
    expect(filtered.stats).toEqual(full.stats);
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
