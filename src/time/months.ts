// Month names as they appear in yearless log stamps: journalctl's `short` mode prints `%b` in
// the reader's locale, so "Okt", "févr." or "9月" must be understood, not only "Oct".

/** Three ASCII letters, lower-cased, as one integer: compared without building a string. */
function pack3(a: number, b: number, c: number): number {
  return ((a | 0x20) << 16) | ((b | 0x20) << 8) | (c | 0x20);
}

/** Packed English abbreviations, computed once; the switch in monthIndex compares to these. */
const packWord = (m: string): number => pack3(m.charCodeAt(0), m.charCodeAt(1), m.charCodeAt(2));
const JAN = packWord('jan');
const FEB = packWord('feb');
const MAR = packWord('mar');
const APR = packWord('apr');
const MAY = packWord('may');
const JUN = packWord('jun');
const JUL = packWord('jul');
const AUG = packWord('aug');
const SEP = packWord('sep');
const OCT = packWord('oct');
const NOV = packWord('nov');
const DEC = packWord('dec');

// Every spelling per month, lower case, without a trailing dot. A token may appear under one
// month only (checked by a test); where locales agree ("mar", "mai") listing it once is enough.
const SPELLINGS: ReadonlyArray<ReadonlyArray<string>> = [
  [
    'jan', 'january', // en
    'jän', 'januar', 'jänner', // de, de_AT
    'janv', 'janvier', // fr
    'ene', 'enero', // es
    'gen', 'gennaio', // it
    'janeiro', // pt
    'januari', // nl
    'янв', 'января', 'январь', // ru
    'sty', 'styczeń', 'stycznia', // pl
  ],
  [
    'feb', 'february', 'februar', 'févr', 'fevr', 'fév', 'février', 'fevrier', 'febrero',
    'febbraio', 'fev', 'fevereiro', 'februari', 'фев', 'февр', 'февраля', 'февраль', 'lut',
    'luty', 'lutego',
  ],
  [
    'mar', 'march', 'mär', 'mrz', 'märz', 'maerz', 'mars', 'marzo', 'março', 'marco', 'mrt',
    'maart', 'мар', 'марта', 'март', 'marzec', 'marca',
  ],
  [
    'apr', 'april', 'avr', 'avril', 'abr', 'abril', 'aprile', 'апр', 'апреля', 'апрель', 'kwi',
    'kwiecień', 'kwietnia',
  ],
  ['may', 'mai', 'mayo', 'mag', 'maggio', 'maio', 'mei', 'мая', 'май', 'maj', 'maja'],
  [
    'jun', 'june', 'juni', 'juin', 'junio', 'giu', 'giugno', 'junho', 'июн', 'июня', 'июнь',
    'cze', 'czerwiec', 'czerwca',
  ],
  [
    'jul', 'july', 'juli', 'juil', 'juillet', 'julio', 'lug', 'luglio', 'julho', 'июл', 'июля',
    'июль', 'lip', 'lipiec', 'lipca',
  ],
  [
    'aug', 'august', 'août', 'aout', 'ago', 'agosto', 'augustus', 'авг', 'августа', 'август',
    'sie', 'sierpień', 'sierpnia',
  ],
  [
    'sep', 'sept', 'september', 'septembre', 'septiembre', 'setiembre', 'set', 'settembre',
    'setembro', 'сен', 'сент', 'сентября', 'сентябрь', 'wrz', 'wrzesień', 'września',
  ],
  [
    'oct', 'october', 'okt', 'oktober', 'octobre', 'octubre', 'ott', 'ottobre', 'out', 'outubro',
    'окт', 'октября', 'октябрь', 'paź', 'październik', 'października',
  ],
  [
    'nov', 'november', 'novembre', 'noviembre', 'novembro', 'ноя', 'нояб', 'ноября', 'ноябрь',
    'lis', 'listopad', 'listopada',
  ],
  [
    'dec', 'december', 'dez', 'dezember', 'déc', 'décembre', 'decembre', 'dic', 'diciembre',
    'dicembre', 'dezembro', 'дек', 'декабря', 'декабрь', 'gru', 'grudzień', 'grudnia',
  ],
];

/** Chinese month names written with numerals instead of digits. */
const HAN_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

const TABLE = new Map<string, number>();
SPELLINGS.forEach((names, month) => {
  for (const name of names) TABLE.set(name, month);
});
HAN_NUMERALS.forEach((n, i) => TABLE.set(`${n}月`, i));

/** The table behind monthIndex, for tests that check it has no conflicting entries. */
export const MONTH_SPELLINGS: ReadonlyArray<ReadonlyArray<string>> = SPELLINGS;

const CJK_DIGITS = /^(\d{1,2}) ?[月월]$/;

/**
 * Month number 0–11 for a month token from a log stamp, or -1. Case does not matter, a
 * trailing dot is optional; English, German, French, Spanish, Italian, Portuguese, Dutch,
 * Russian and Polish abbreviations and full names, and CJK "9月" / "9 月" / "9월".
 */
export function monthIndex(token: string): number {
  // Called per log line: the English abbreviations skip all string work.
  if (token.length === 3) {
    const a = token.charCodeAt(0);
    const b = token.charCodeAt(1);
    const c = token.charCodeAt(2);
    // Only ASCII may be packed: wider code units would spill into the neighbouring byte.
    if ((a | b | c) < 128) {
      switch (pack3(a, b, c)) {
        case JAN: return 0;
        case FEB: return 1;
        case MAR: return 2;
        case APR: return 3;
        case MAY: return 4;
        case JUN: return 5;
        case JUL: return 6;
        case AUG: return 7;
        case SEP: return 8;
        case OCT: return 9;
        case NOV: return 10;
        case DEC: return 11;
        default: break;
      }
    }
  }
  return slowMonthIndex(token);
}

function slowMonthIndex(token: string): number {
  let t = token.trim();
  if (t.endsWith('.')) t = t.slice(0, -1);
  if (t === '') return -1;
  let lower = t.toLowerCase();
  let hit = TABLE.get(lower);
  if (hit !== undefined) return hit;
  // Decomposed umlauts and full-width digits ("９月") reach us too, from copy-and-paste.
  if (/[^\x00-\x7f]/.test(lower)) {
    lower = lower.normalize('NFKC');
    hit = TABLE.get(lower);
    if (hit !== undefined) return hit;
    const cjk = CJK_DIGITS.exec(lower);
    if (cjk !== null) {
      const n = Number(cjk[1]);
      if (n >= 1 && n <= 12) return n - 1;
    }
  }
  return -1;
}

/**
 * Regex source (no capture groups) for anything that may be a month token: CJK digit forms,
 * with the leading space ja/ko locales pad them with, or a run of non-space, non-digit
 * characters. Deliberately loose; monthIndex decides.
 */
export const MONTH_TOKEN_SOURCE = '(?: ?[0-9０-９]{1,2} ?[月월]|[^\\s\\d.]{2,12}\\.?)';
