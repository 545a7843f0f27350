import { describe, expect, it } from 'vitest';
import { Matcher } from '../../src/match/matcher.js';
import type { MatchEvent } from '../../src/model.js';
import { loadPatterns } from '../../src/patterns/load.js';
import { collectBytes } from '../helpers.js';

const matcher = new Matcher(loadPatterns([]));

async function eventsOf(text: string): Promise<MatchEvent[]> {
  const { records } = await collectBytes(text, { year: 2025, tz: 'UTC' });
  const out: MatchEvent[] = [];
  for (const r of records) matcher.match(r, out);
  return out;
}

describe('a healthy node\'s noise yields no events', () => {
  it('ignores pveproxy worker churn, cron, sshd, postfix, timers and routine daemon lines', async () => {
    const noise = `Dec 14 03:00:01 pve1 pveproxy[3902]: worker 1280387 finished
Dec 14 03:00:01 pve1 pveproxy[3902]: starting 1 worker(s)
Dec 14 03:00:01 pve1 pveproxy[3902]: worker 1301221 started
Dec 14 03:00:02 pve1 pveproxy[1280387]: worker exit
Dec 14 03:00:02 pve1 spiceproxy[3908]: worker 1503847 finished
Dec 14 03:00:03 pve1 pveproxy[1641105]: proxy detected vanished client connection
Dec 14 03:00:04 pve1 pveproxy[1643087]: got inotify poll request in wrong process - disabling inotify
Dec 14 03:01:01 pve1 CRON[20411]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)
Dec 14 03:01:01 pve1 CRON[20410]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)
Dec 14 03:02:11 pve1 sshd[40112]: Accepted publickey for root from 10.0.0.5 port 51234 ssh2: RSA SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDE
Dec 14 03:02:11 pve1 sshd[40112]: pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)
Dec 14 03:02:12 pve1 systemd-logind[1001]: New session 42 of user root.
Dec 14 03:03:00 pve1 postfix/pickup[5512]: 3F1A2C0421: uid=0 from=<root>
Dec 14 03:03:00 pve1 postfix/qmgr[1290]: 3F1A2C0421: from=<root@pve1.example.com>, size=502, nrcpt=1 (queue active)
Dec 14 03:03:01 pve1 postfix/local[5514]: 3F1A2C0421: to=<root@pve1.example.com>, relay=local, delay=0.02, status=sent (delivered to command: procmail -a "$EXTENSION")
Dec 14 03:04:00 pve1 systemd[1]: Starting pve-daily-update.service - Daily PVE download activities...
Dec 14 03:04:02 pve1 systemd[1]: pve-daily-update.service: Deactivated successfully.
Dec 14 03:04:02 pve1 systemd[1]: Finished pve-daily-update.service - Daily PVE download activities.
Dec 14 03:05:00 pve1 pvestatd[1450]: status update time (5.012 seconds)
Dec 14 03:05:10 pve1 pmxcfs[1187]: [status] notice: received log
Dec 14 03:06:00 pve1 pvedaemon[1523]: <root@pam> successful auth for user 'root@pam'
Dec 14 03:07:00 pve1 chronyd[900]: Selected source 192.168.1.1 (ntp.example.com)
Dec 14 03:08:00 pve1 systemd[1]: Started session-42.scope - Session 42 of User root.
`;
    const events = await eventsOf(noise);
    expect(events.map((e) => `${e.ruleId}: ${e.record.message}`)).toEqual([]);
  });
});
