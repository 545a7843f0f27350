import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers.js';

const BIN = join(REPO, 'bin', 'pvelens.js');
const FENCE = join(REPO, 'samples', 'cluster-fence');

function run(args: string[], input?: string, env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('pvelens analyze', () => {
  it('prints the timeline: a header per incident, lanes, root cause, next checks and the summary', () => {
    const r = run(['analyze', '--tz', 'Europe/Berlin', FENCE]);
    expect(r.code).toBe(0);
    const headers = r.stdout.split('\n').filter((l) => l.startsWith('== '));
    expect(headers.map((h) => h.split(/\s+/)[1])).toEqual(['link-instability', 'membership-churn', 'quorum-loss', 'pmxcfs-cpg-failure', 'ha-lock-loss', 'fencing-reboot']);
    expect(r.stdout).toMatch(/== quorum-loss {2}CRITICAL {2}pve3 {2}2025-12-14T03:10:16\+01:00 {2}\d+m\d\ds/);
    expect(r.stdout).toMatch(/pmxcfs\.cpg_send_message_failed: pmxcfs: cpg_send_message failed: 9 \(CS_ERR_BAD_HANDLE\) ×\d+ over \d+s/);
    expect(r.stdout).toMatch(/reset gap: 2m\d\ds between the last line before \(.*pve3\.log:\d+\)/);
    expect(r.stdout).toContain('not in the input: no lines from pve3 between 2025-12-14T03:11:23+01:00');
    expect(r.stdout).toMatch(/summary: 6 incidents from \d+ events in 4816 records/);
    // Not a terminal: no colour.
    expect(r.stdout).not.toContain('\x1b[');
    expect(r.stderr).toMatch(/pvelens: \d+ events, 6 incidents/);
  });

  it('colours on request, and NO_COLOR does not stop an explicit --color', () => {
    expect(run(['analyze', '--color', '--tz', 'UTC', FENCE]).stdout).toContain('\x1b[1m== quorum-loss');
    expect(run(['analyze', '--color', '--tz', 'UTC', FENCE], undefined, { NO_COLOR: '1' }).stdout).toContain('\x1b[');
  });

  it('-o json prints each incident as soon as it is final, after the events it holds; --incidents-only only the incidents', () => {
    const all = run(['analyze', '-o', 'json', FENCE]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    const events = all.filter((d) => d.event.kind === 'event');
    const incidents = all.filter((d) => d.event.kind === 'alert');
    expect(events.length).toBeGreaterThan(300);
    expect(incidents).toHaveLength(6);
    // streamed: the first incidents come out before the last events (an 8-hour input)
    expect(all.indexOf(incidents[0])).toBeLessThan(events.length);
    const at = new Map(all.map((d, i) => [d.event.kind === 'event' ? `${d.pvelens.source.input}:${d.pvelens.source.line}` : `#${i}`, i]));
    for (const inc of incidents) {
      const pos = all.indexOf(inc);
      for (const e of inc.pvelens.incident.events) {
        const where = at.get(`${e.source.file}:${e.source.line}`);
        if (where !== undefined) expect(where, `${inc.pvelens.incident.type} holds ${e.source.file}:${e.source.line}`).toBeLessThan(pos);
      }
    }
    expect(incidents.map((d) => d.pvelens.incident.start)).toEqual([...incidents.map((d) => d.pvelens.incident.start)].sort());
    const only = run(['analyze', '-o', 'json', '--incidents-only', FENCE]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(only).toEqual(incidents);
    const fence = only.find((d) => d.pvelens.incident.type === 'fencing-reboot').pvelens.incident;
    expect(fence).toMatchObject({ severity: 'critical', scope: 'cluster', nodes: ['pve1', 'pve3'], subjects: ['pve3'], open: false });
    expect(fence.id).toMatch(/^inc-[0-9a-f]{16}$/);
    expect(fence.start).toMatch(/^2025-12-14T02:1\d:\d\d\.\d{6}Z$/);
    expect(fence.root_cause.evidence[0]).toMatchObject({ file: expect.stringMatching(/pve3\.log$/), line: expect.any(Number) });
    expect(fence.evidence.length).toBeGreaterThan(1);
    expect(fence.details.gap_s).toBeGreaterThan(120);
    expect(fence.next_checks.length).toBeGreaterThan(2);
  });

  it('names the event document of every line an incident holds (event_id = that document\'s event.id)', () => {
    const all = run(['analyze', '-o', 'json', FENCE]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    const byId = new Map(all.filter((d) => d.event.kind === 'event').map((d) => [d.event.id, d]));
    const incidents = all.filter((d) => d.event.kind === 'alert');
    let named = 0;
    for (const inc of incidents) {
      const i = inc.pvelens.incident;
      const refs = [...i.events.map((e: { source: unknown }) => e.source), ...i.evidence, ...i.root_cause.evidence];
      for (const ref of refs) {
        // The reboot's own lines ("last line before the reset") are records, not events: no id.
        if (ref.event_id === undefined) continue;
        named++;
        const doc = byId.get(ref.event_id);
        expect(doc, `${i.type}: ${ref.file}:${ref.line} names ${ref.event_id}`).toBeDefined();
        expect({ file: doc.pvelens.source.input, line: doc.pvelens.source.line, host: doc.host.name }).toEqual({ file: ref.file, line: ref.line, host: ref.host });
      }
      // Every event line of the incident is named, not only some.
      for (const e of i.events) if (!e.rule_id.startsWith('pvelens.')) expect(e.source.event_id, `${i.type} ${e.rule_id}`).toMatch(/^[A-Za-z0-9_-]{22}$/);
    }
    expect(named).toBeGreaterThan(50);
    // pvelens events gives the same lines the same ids: incidents and events shipped by
    // separate runs still join.
    const fromEvents = run(['events', '-o', 'json', FENCE]).stdout.trim().split('\n').map((l) => JSON.parse(l).event.id);
    expect(fromEvents).toEqual([...byId.keys()]);
    // The ids do not depend on whether the events are printed too.
    const only = run(['analyze', '-o', 'json', '--incidents-only', FENCE]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(only).toEqual(incidents);
  });

  it('reads a pipe like a file', () => {
    const text = readFileSync(join(FENCE, 'pve3.log'), 'utf8');
    const piped = run(['analyze', '-o', 'json', '--incidents-only', '-'], text).stdout;
    const types = piped.trim().split('\n').map((l) => JSON.parse(l).pvelens.incident.type);
    expect(types).toContain('fencing-reboot');
    expect(types).toContain('quorum-loss');
  });
});
