// Plain-text rendering of records for `pvelens read`: one line per record in the chosen zone,
// continuation lines indented under the message the way journalctl prints them.
import type { LogRecord } from '../model.js';
import type { Zone } from '../time/zone.js';

const UNTIMED = '(untimed)'.padEnd(32);

export function formatRecordText(r: LogRecord, zone: Zone): string {
  const time = r.ts === null ? UNTIMED : zone.formatIso(r.ts, 'us');
  let prefix = `${time} ${r.host ?? '-'} `;
  if (r.ident !== null) prefix += r.pid !== null ? `${r.ident}[${r.pid}]: ` : `${r.ident}: `;
  const msg = r.message.includes('\n') ? r.message.split('\n').join('\n' + ' '.repeat(prefix.length)) : r.message;
  return prefix + msg;
}
