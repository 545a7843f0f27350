import { describe, expect, it } from 'vitest';
import { MONTH_SPELLINGS, MONTH_TOKEN_SOURCE, monthIndex } from '../../src/time/months.js';

/** `%b` as glibc prints it per locale (plus the alternatives seen in the wild), Jan → Dec. */
const ABBREVIATIONS: Record<string, string[][]> = {
  en: [['Jan'], ['Feb'], ['Mar'], ['Apr'], ['May'], ['Jun'], ['Jul'], ['Aug'], ['Sep'], ['Oct'], ['Nov'], ['Dec']],
  de: [['Jan', 'Jän'], ['Feb'], ['Mär', 'Mrz'], ['Apr'], ['Mai'], ['Jun'], ['Jul'], ['Aug'], ['Sep'], ['Okt'], ['Nov'], ['Dez']],
  fr: [['janv.'], ['févr.'], ['mars'], ['avr.', 'avril'], ['mai'], ['juin'], ['juil.'], ['août'], ['sept.'], ['oct.'], ['nov.'], ['déc.']],
  es: [['ene'], ['feb'], ['mar'], ['abr'], ['may'], ['jun'], ['jul'], ['ago'], ['sep', 'sept'], ['oct'], ['nov'], ['dic']],
  it: [['gen'], ['feb'], ['mar'], ['apr'], ['mag'], ['giu'], ['lug'], ['ago'], ['set'], ['ott'], ['nov'], ['dic']],
  pt: [['jan'], ['fev'], ['mar'], ['abr'], ['mai'], ['jun'], ['jul'], ['ago'], ['set'], ['out'], ['nov'], ['dez']],
  nl: [['jan'], ['feb'], ['mrt'], ['apr'], ['mei'], ['jun'], ['jul'], ['aug'], ['sep'], ['okt'], ['nov'], ['dec']],
  ru: [['янв'], ['фев', 'февр.'], ['мар'], ['апр'], ['мая', 'май'], ['июн'], ['июл'], ['авг'], ['сен', 'сент.'], ['окт'], ['ноя', 'нояб.'], ['дек']],
  pl: [['sty'], ['lut'], ['mar'], ['kwi'], ['maj'], ['cze'], ['lip'], ['sie'], ['wrz'], ['paź'], ['lis'], ['gru']],
};

const FULL_NAMES: Record<string, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
  it: ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'],
  pt: ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'],
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  ru: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
  pl: ['stycznia', 'lutego', 'marca', 'kwietnia', 'maja', 'czerwca', 'lipca', 'sierpnia', 'września', 'października', 'listopada', 'grudnia'],
};

describe('monthIndex', () => {
  for (const [locale, months] of Object.entries(ABBREVIATIONS)) {
    it(`reads every ${locale} month abbreviation`, () => {
      months.forEach((tokens, month) => {
        for (const token of tokens) expect(monthIndex(token), `${locale} ${token}`).toBe(month);
      });
    });
  }

  for (const [locale, names] of Object.entries(FULL_NAMES)) {
    it(`reads every ${locale} full month name`, () => {
      names.forEach((name, month) => expect(monthIndex(name), `${locale} ${name}`).toBe(month));
    });
  }

  it('reads CJK digit months with and without the padding space (zh/ja 月, ko 월)', () => {
    expect(monthIndex('9月')).toBe(8);
    expect(monthIndex('9 月')).toBe(8);
    expect(monthIndex(' 9月')).toBe(8);
    expect(monthIndex('12月')).toBe(11);
    expect(monthIndex(' 1月')).toBe(0);
    expect(monthIndex('9월')).toBe(8);
    expect(monthIndex(' 9월')).toBe(8);
    expect(monthIndex('10월')).toBe(9);
    expect(monthIndex('９月')).toBe(8); // full-width digit
    expect(monthIndex('十二月')).toBe(11);
    expect(monthIndex('九月')).toBe(8);
  });

  it('ignores case and an optional trailing dot', () => {
    expect(monthIndex('JAN')).toBe(0);
    expect(monthIndex('jan')).toBe(0);
    expect(monthIndex('jAn.')).toBe(0);
    expect(monthIndex('OKT')).toBe(9);
    expect(monthIndex('MÄR')).toBe(2);
    expect(monthIndex('Déc')).toBe(11);
    expect(monthIndex('DÉC.')).toBe(11);
    expect(monthIndex('Sept')).toBe(8);
    expect(monthIndex('ЯНВ')).toBe(0);
    expect(monthIndex('PAŹ')).toBe(9);
  });

  it('reads decomposed umlauts and accents as pasted from some terminals', () => {
    expect(monthIndex('Ma\u0308r')).toBe(2);
    expect(monthIndex('de\u0301c.')).toBe(11);
  });

  it('returns -1 for anything that is not a month', () => {
    for (const token of ['', '.', 'foo', 'Ma', 'Tue', 'Mon', 'Okto', '13月', '0月', '月', 'Janu', 'J4n', '14', 'pve1']) {
      expect(monthIndex(token), JSON.stringify(token)).toBe(-1);
    }
  });

  it('does not confuse non-ASCII three-character tokens with English ones', () => {
    expect(monthIndex('Ĵan')).toBe(-1);
    expect(monthIndex('\u0161ep')).toBe(-1);
  });
});

describe('month table', () => {
  it('never lists one token under two different months', () => {
    const seen = new Map<string, number>();
    MONTH_SPELLINGS.forEach((tokens, month) => {
      for (const token of tokens) {
        const earlier = seen.get(token);
        expect(earlier === undefined || earlier === month, `${token}: ${earlier} and ${month}`).toBe(true);
        seen.set(token, month);
      }
    });
    expect(MONTH_SPELLINGS).toHaveLength(12);
  });

  it('stores tokens lower case and without the trailing dot monthIndex strips', () => {
    for (const tokens of MONTH_SPELLINGS) {
      for (const token of tokens) {
        expect(token).toBe(token.toLowerCase());
        expect(token.endsWith('.')).toBe(false);
        expect(token).toBe(token.normalize('NFC'));
      }
    }
  });
});

describe('MONTH_TOKEN_SOURCE', () => {
  const whole = new RegExp(`^${MONTH_TOKEN_SOURCE}$`);

  it('matches every token monthIndex accepts', () => {
    const all = [
      ...Object.values(ABBREVIATIONS).flat(2),
      ...Object.values(FULL_NAMES).flat(),
      ...MONTH_SPELLINGS.flat(),
      '9月', '9 月', ' 9月', '12月', '9월', '九月', '十二月', 'janv.', 'DÉC.',
    ];
    for (const token of all) {
      expect(whole.test(token), token).toBe(true);
      expect(monthIndex(token), token).toBeGreaterThanOrEqual(0);
    }
  });

  it('works inside a line regex for journalctl short lines in any locale', () => {
    const line = new RegExp(`^(${MONTH_TOKEN_SOURCE}) +(\\d{1,2}) (\\d\\d):(\\d\\d):(\\d\\d) `);
    const samples: Array<[string, number, string]> = [
      ['Okt 24 04:07:18 fedora PackageKit[1154]: x', 9, '24'],
      ['oct. 24 04:07:18 fedora PackageKit[1154]: x', 9, '24'],
      ['févr. 02 04:07:18 host x: y', 1, '02'],
      [' 9月 14 23:13:20 pve1 pvedaemon[1234]: x', 8, '14'],
      ['9月 14 23:13:20 pve1 pvedaemon[1234]: x', 8, '14'],
      ['Mar  2 03:04:05 vm pvestatd[1500]: x', 2, '2'],
      ['мая 14 23:13:20 pve1 x: y', 4, '14'],
    ];
    for (const [text, month, day] of samples) {
      const m = line.exec(text);
      expect(m, text).not.toBeNull();
      expect(monthIndex(m![1]!), text).toBe(month);
      expect(m![2]).toBe(day);
    }
  });

  it('contains no capturing group, so callers keep their group numbers', () => {
    expect(new RegExp(`${MONTH_TOKEN_SOURCE}|(x)`).exec('x')!.length).toBe(2);
  });
});
