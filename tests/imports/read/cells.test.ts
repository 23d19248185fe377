import { describe, expect, it } from 'vitest';
import {
  cellText,
  columnLetter,
  excelSerialToDate,
  formatNumber,
  idNumberCell,
  isEmptyCell,
  looksNumeric,
  parseDate,
  parseDecimal,
  parseInteger,
  parseMoneyFen,
  parseMonth,
} from '../../../src-main/imports/read/cells';
import type { RawCell } from '../../../src-main/imports/read/types';

const utc = (y: number, m: number, d: number, h = 0, mi = 0, s = 0) => new Date(Date.UTC(y, m - 1, d, h, mi, s));

describe('cellText', () => {
  it.each<[RawCell, string]>([
    [null, ''],
    ['  张三  ', '张三'],
    ['\u00A0张三\u3000', '张三'],
    ['１３８ １２３４ ５６７８', '138 1234 5678'],
    ['ＡＢＣ－１２３', 'ABC-123'],
    ['\u200B张三\uFEFF', '张三'],
    [13812345678, '13812345678'],
    [0.1 + 0.2, '0.3'],
    [1234.5, '1234.5'],
    [-0.000001, '-0.000001'],
    [110101199003071234, '110101199003071000'],
    [1e21, '1000000000000000000000'],
    [true, 'TRUE'],
    [utc(2024, 1, 5), '2024-01-05'],
    [utc(2024, 1, 5, 9, 30, 5), '2024-01-05 09:30:05'],
  ])('%j → %j', (cell, text) => {
    expect(cellText(cell)).toBe(text);
  });

  it('isEmptyCell: null and whitespace-only text are empty; 0 and false are not', () => {
    expect([null, '', '  ', '\u3000', '\u00A0'].map(isEmptyCell)).toEqual([true, true, true, true, true]);
    expect([0, false, 'x'].map(isEmptyCell)).toEqual([false, false, false]);
  });

  it('formatNumber keeps 15 significant digits and no exponent', () => {
    expect(formatNumber(123456789012345678)).toBe('123456789012346000');
    expect(formatNumber(1.5e-7)).toBe('0.00000015');
  });
});

describe('parseDecimal', () => {
  it.each<[RawCell, number | null]>([
    [null, null],
    ['', null],
    [1234.5, 1234.5],
    ['1234.5', 1234.5],
    ['1,234.50', 1234.5],
    ['12,345,678', 12345678],
    ['１，２３４．５０', 1234.5],
    ['¥1,234.50', 1234.5],
    ['￥ 1,234.50', 1234.5],
    ['1234元', 1234],
    ['RMB 100', 100],
    ['(123.45)', -123.45],
    ['（123.45）', -123.45],
    ['-123', -123],
    ['−123', -123],
    ['¥-12.00', -12],
    ['+5', 5],
    ['12.5%', 0.125],
    ['1.5E+3', 1500],
    ['.5', 0.5],
    ['0', 0],
  ])('%j → %j', (cell, value) => {
    expect(parseDecimal(cell)).toEqual({ ok: true, value });
  });

  it.each<RawCell>(['abc', '1,23', '12,34.5', '1.2.3', '--1', '(-1)', '12a', true, utc(2024, 1, 1), '1 2 3 4a'])('refuses %j', (cell) => {
    expect(parseDecimal(cell)).toEqual({ ok: false, key: 'error.import.cell.notNumber' });
  });

  it('parseInteger accepts 12 and "12.0", refuses 12.5', () => {
    expect(parseInteger('12.0')).toEqual({ ok: true, value: 12 });
    expect(parseInteger(12)).toEqual({ ok: true, value: 12 });
    expect(parseInteger('12.5')).toEqual({ ok: false, key: 'error.import.cell.notInteger' });
  });
});

describe('parseMoneyFen', () => {
  it.each<[RawCell, number | null]>([
    [null, null],
    [0, 0],
    [1234.5, 123450],
    ['1,234.56', 123456],
    ['１，２３４．５６元', 123456],
    // Rounded half away from zero at the fen (四舍五入), from the decimal digits, not the binary float.
    ['1234.565', 123457],
    ['1234.564', 123456],
    [0.285, 29],
    [1.005, 101],
    ['-1.005', -101],
    ['(0.005)', -1],
    ['0.004', 0],
    ['-0.004', 0],
    [0.1 + 0.2, 30],
    ['12.340000', 1234],
    ['90071992547409.91', 9007199254740991],
  ])('%j → %j fen', (cell, fen) => {
    expect(parseMoneyFen(cell)).toEqual({ ok: true, value: fen });
  });

  it('refuses amounts that cannot be held exactly, and non-numbers', () => {
    expect(parseMoneyFen('90071992547409.92')).toEqual({ ok: false, key: 'error.import.cell.moneyOutOfRange' });
    expect(parseMoneyFen(1e20)).toEqual({ ok: false, key: 'error.import.cell.moneyOutOfRange' });
    expect(parseMoneyFen('一百元')).toEqual({ ok: false, key: 'error.import.cell.notNumber' });
  });
});

describe('parseDate', () => {
  it.each<[RawCell, string | null]>([
    [null, null],
    [utc(2024, 1, 5), '2024-01-05'],
    [utc(2024, 1, 5, 23, 59, 59), '2024-01-05'],
    [45296, '2024-01-05'],
    [45296.75, '2024-01-05'],
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [20240105, '2024-01-05'],
    ['2024-01-05', '2024-01-05'],
    ['2024-1-5', '2024-01-05'],
    ['2024/1/5', '2024-01-05'],
    ['2024/01/05 13:45:00', '2024-01-05'],
    ['2024-01-05T08:00:00', '2024-01-05'],
    ['2024.1.5', '2024-01-05'],
    ['20240105', '2024-01-05'],
    ['2024年1月5日', '2024-01-05'],
    ['2024 年 01 月 05 日', '2024-01-05'],
    ['2024年1月5日 9:30', '2024-01-05'],
    ['２０２４－０１－０５', '2024-01-05'],
    ['45296', '2024-01-05'],
    ['2024-02-29', '2024-02-29'],
  ])('%j → %j', (cell, date) => {
    expect(parseDate(cell)).toEqual({ ok: true, value: date });
  });

  it.each<RawCell>(['2024-02-30', '2023-02-29', '2024-13-01', '20240230', '2024年2月30日', 60, 20240230])('rejects the non-existent date %j as invalidDate', (cell) => {
    expect(parseDate(cell)).toEqual({ ok: false, key: 'error.import.cell.invalidDate' });
  });

  it.each<RawCell>(['yesterday', '2024-01', '24-1-5', '2024/1/5/6', 0, 0.5, -1, 200000, 12345678, '1800-01-01', true, utc(1800, 1, 1), '1.10101E+17'])('rejects %j as notDate', (cell) => {
    expect(parseDate(cell)).toEqual({ ok: false, key: 'error.import.cell.notDate' });
  });

  it('excelSerialToDate: the 1900 system skips the fake 1900-02-29, the 1904 system starts at 1904-01-01', () => {
    expect(excelSerialToDate(60)).toBeNull();
    expect(excelSerialToDate(45296.5)).toEqual(utc(2024, 1, 5, 12));
    expect(excelSerialToDate(0, true)).toEqual(utc(1904, 1, 1));
    expect(excelSerialToDate(43834, true)).toEqual(utc(2024, 1, 5));
  });
});

describe('parseMonth', () => {
  it.each<[RawCell, string | null]>([
    [null, null],
    ['2024-01', '2024-01'],
    ['2024/1', '2024-01'],
    ['2024.12', '2024-12'],
    ['202401', '2024-01'],
    [202401, '2024-01'],
    ['2024年1月', '2024-01'],
    ['2024 年 1 月', '2024-01'],
    ['2024-01-31', '2024-01'],
    [utc(2024, 3, 1), '2024-03'],
    [45296, '2024-01'],
    // Typed 2024.05 / 2024.12 / 2024.2, kept by Excel as numbers.
    [2024.05, '2024-05'],
    [2024.12, '2024-12'],
    [2024.2, '2024-02'],
  ])('%j → %j', (cell, month) => {
    expect(parseMonth(cell)).toEqual({ ok: true, value: month });
  });

  // A month number alone (12: serial 12 is 1900-01-12) and other numbers that are no month of trading.
  it.each<RawCell>(['2024-13', '202413', 'Jan 2024', 'abc', 202400, 12, 2024, 2024.13, 2024.123])('rejects %j', (cell) => {
    expect(parseMonth(cell)).toEqual({ ok: false, key: 'error.import.cell.notMonth' });
  });

  it('2024.1 as a number could be January or October (typed 2024.10): refused, saying so', () => {
    expect(parseMonth(2024.1)).toEqual({ ok: false, key: 'error.import.cell.monthAmbiguous', params: { year: '2024' } });
  });
});

describe('idNumberCell', () => {
  it('keeps text ID numbers as normalised text', () => {
    expect(idNumberCell(' 11010119900307123x ')).toEqual({ ok: true, value: '11010119900307123X' });
    expect(idNumberCell('１１０１０１１９９００３０７１２３４')).toEqual({ ok: true, value: '110101199003071234' });
    expect(idNumberCell('110101 19900307 1234')).toEqual({ ok: true, value: '110101199003071234' });
    expect(idNumberCell(null)).toEqual({ ok: true, value: null });
  });

  it('refuses a number cell: Excel has already dropped the last digits', () => {
    expect(idNumberCell(110101199003071000)).toEqual({ ok: false, key: 'error.import.cell.idAsNumber' });
    expect(idNumberCell(123456)).toEqual({ ok: false, key: 'error.import.cell.idAsNumber' });
  });

  it.each(['1.10101E+17', '1.10101199003071E+17', '1.1e17', ' 1.10101E+17 '])('refuses scientific notation %j (a number cell saved as CSV)', (t) => {
    expect(idNumberCell(t)).toEqual({ ok: false, key: 'error.import.cell.idAsNumber' });
  });

  it('refuses dates and booleans', () => {
    expect(idNumberCell(utc(2024, 1, 5))).toEqual({ ok: false, key: 'error.import.cell.notText' });
    expect(idNumberCell(true)).toEqual({ ok: false, key: 'error.import.cell.notText' });
  });
});

describe('small helpers', () => {
  it('columnLetter', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('looksNumeric tells values from titles', () => {
    expect([12, utc(2024, 1, 1), '1,234.5', '2024-01-05', '2024年1月5日', '11010119900307123X', '13812345678'].map(looksNumeric)).toEqual([true, true, true, true, true, true, true]);
    expect(['客户姓名', '总资产(元)', 'Total', null, ''].map(looksNumeric)).toEqual([false, false, false, false, false]);
  });
});
