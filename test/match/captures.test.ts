import { describe, expect, it } from 'vitest';
import { annotate, decodeUpid, typeCapture } from '../../src/match/captures.js';
import { Matcher } from '../../src/match/matcher.js';
import { emptyRecord, type MatchEvent } from '../../src/model.js';
import { compilePattern } from '../../src/patterns/compile.js';
import type { PatternSpec } from '../../src/patterns/schema.js';

describe('typed captures', () => {
  it('decodes cs_error_t numbers and the names pmxcfs 9.x prints', () => {
    expect(typeCapture('cs_error', '9')).toEqual({ code: 9, name: 'CS_ERR_BAD_HANDLE', meaning: expect.stringContaining('handle') });
    expect(typeCapture('cs_error', 'CS_ERR_LIBRARY')).toMatchObject({ code: 2, name: 'CS_ERR_LIBRARY' });
    expect(typeCapture('cs_error', '14')).toMatchObject({ name: 'CS_ERR_EXIST' });
    expect(typeCapture('cs_error', '29')).toBeUndefined();
  });

  it('reads errno as a number or from its strerror text, and names it', () => {
    expect(typeCapture('errno', '13')).toBe(13);
    expect(typeCapture('errno', 'Permission denied')).toBe(13);
    expect(annotate({ e: 'errno' }, { e: 110 }, '').errno).toEqual({ code: 110, name: 'ETIMEDOUT', message: 'Connection timed out' });
  });

  it('splits member lists, hex lists and pmxcfs node/pid lists', () => {
    expect(typeCapture('ints', ' 1 3 4 8')).toEqual([1, 3, 4, 8]);
    expect(typeCapture('ints', '1 2 3 \\')).toEqual([1, 2, 3]);
    expect(typeCapture('hexes', 'b e 2c4 ')).toEqual([0xb, 0xe, 0x2c4]);
    expect(typeCapture('node_pids', '1/3409, 3/7179, 4/3856')).toEqual([
      { node: 1, pid: 3409 },
      { node: 3, pid: 7179 },
      { node: 4, pid: 3856 },
    ]);
    expect(typeCapture('ints', '1 x 3')).toBeUndefined();
  });

  it('reads ring ids in the three formats corosync has printed', () => {
    expect(typeCapture('ring_id', '1.5a')).toEqual({ rep: '1', seq: 0x5a, format: 'hex' });
    expect(typeCapture('ring_id', '5:1234')).toEqual({ rep: '5', seq: 1234, format: 'nodeid' });
    expect(typeCapture('ring_id', '192.168.1.1:1234')).toEqual({ rep: '192.168.1.1', seq: 1234, format: 'ip' });
  });

  it('decodes a UPID and refuses one with a bad hex field', () => {
    expect(decodeUpid('UPID:pve3:00008A1B:0002A1C4:676D7F46:qmstart:101:root@pam:')).toEqual({
      upid: 'UPID:pve3:00008A1B:0002A1C4:676D7F46:qmstart:101:root@pam:',
      node: 'pve3',
      pid: 0x8a1b,
      pstart: 0x2a1c4,
      starttime: 0x676d7f46,
      type: 'qmstart',
      id: '101',
      user: 'root@pam',
    });
    expect(decodeUpid('UPID:pve3:00008G1B:0002A1C4:676D7F46:qmstart:101:root@pam:')).toBeNull();
    const a = annotate({ upid: 'upid' }, { upid: decodeUpid('UPID:pve1:00002A1B:0002A1C4:6553A1C4:qmstart:101:root@pam:')! }, '');
    expect(a.vmids).toEqual([101]);
  });

  it('finds VMIDs in -id N, vm-N-disk, lock-N.conf and vm:N', () => {
    const msg = "command '/usr/bin/kvm -id 101 -drive file=rbd:vmdata/vm-102-disk-0' failed; lock-103.conf; service vm:104";
    expect(annotate({}, {}, msg).vmids).toEqual([101, 102, 103, 104]);
  });
});

function spec(over: Partial<PatternSpec>): PatternSpec {
  return {
    id: 'test.p',
    summary: 's',
    regex: 'x',
    severity: 'warning',
    category: 'network',
    action: 'x',
    layer: 'membership',
    examples: ['x'],
    ...over,
  };
}

function run(matcher: Matcher, ident: string | null, message: string): MatchEvent[] {
  const out: MatchEvent[] = [];
  matcher.match({ ...emptyRecord('t', 'untimed'), ident, host: 'pve1', message }, out);
  return out;
}

describe('the matcher', () => {
  const token = compilePattern(
    spec({ id: 'c.token', tag: 'TOTEM', regex: 'Token has not been received in (?<ms>\\d+) ms ?$', captures: { ms: 'ms' }, summary: 'token {ms} ms' }),
    'f',
    'corosync',
    ['corosync'],
  );
  const upid = compilePattern(
    spec({ id: 't.start', regex: '<(?<user>[^>]+)> starting task (?<upid>UPID:\\S+)$', captures: { upid: 'upid' } }),
    'f',
    'tasks',
    ['pvedaemon', '*'],
  );
  const m = new Matcher([token, upid]);

  it('strips leading spaces and the padded tag, types the captures, and fills the summary', () => {
    const [ev] = run(m, 'corosync', '  [TOTEM ] Token has not been received in 3712 ms ');
    expect(ev).toMatchObject({ ruleId: 'c.token', captures: { ms: 3712 }, summary: 'token 3712 ms', partial: false });
  });

  it('gives nothing for a truncated line and for the wrong identifier or tag', () => {
    expect(run(m, 'corosync', '  [TOTEM ] Token has not been received in')).toEqual([]);
    expect(run(m, 'pmxcfs', '  [TOTEM ] Token has not been received in 3712 ms')).toEqual([]);
    expect(run(m, 'corosync', '  [KNET  ] Token has not been received in 3712 ms')).toEqual([]);
  });

  it('marks an event partial, without the bad capture, when a UPID has a bad hex field', () => {
    const [ev] = run(m, 'pvedaemon', '<root@pam> starting task UPID:pve1:0000XA1B:0002A1C4:6553A1C4:qmstart:101:root@pam:');
    expect(ev).toMatchObject({ ruleId: 't.start', partial: true, captures: { user: 'root@pam' } });
    expect(ev!.captures.upid).toBeUndefined();
    expect(JSON.stringify(ev)).not.toContain('NaN');
  });

  it('gives identical lines of one storm the same fingerprint, different captures different ones', () => {
    const a = run(m, 'corosync', '[TOTEM ] Token has not been received in 3712 ms')[0]!;
    const b = run(m, 'corosync', '[TOTEM ] Token has not been received in 3712 ms')[0]!;
    const c = run(m, 'corosync', '[TOTEM ] Token has not been received in 5000 ms')[0]!;
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(c.fingerprint);
  });

  it('never stalls on a 1 MB line', () => {
    const search = compilePattern(spec({ id: 's.x', regex: 'error connecting: (?<reason>[^:]+)$', search: true }), 'f', 'q', ['*']);
    const big = new Matcher([search, token]);
    const line = 'kvm: -drive file=rbd:' + 'a:'.repeat(500_000) + ' error connecting';
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) run(big, 'kvm', line);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
