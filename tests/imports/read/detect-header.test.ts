import { describe, expect, it } from 'vitest';
import { buildHeader, detectHeader, normalizeHeader, preferSubHeaderRow, yuanFactor } from '../../../src-main/imports/read/detect-header';
import { isBlankRow, isTotalsRow } from '../../../src-main/imports/read/table';
import type { MergeRange, RawCell, RawRow } from '../../../src-main/imports/read/types';

const rows = (...r: [number, RawCell[]][]): RawRow[] => r.map(([rowNo, cells]) => ({ rowNo, cells }));
const CUSTOMER_HINTS = ['客户号', '客户姓名', '姓名', '证件号码', '身份证号', '手机号码', '手机', '开户日期'];
const ASSET_HINTS = ['资金账号', '日期', '总资产', '市值', '资金余额'];

describe('normalizeHeader', () => {
  it.each([
    [' 客户 姓名 ', '客户姓名'],
    ['客户\u3000姓名', '客户姓名'],
    ['总资产（元）', '总资产'],
    ['总资产(元)', '总资产'],
    ['市值（万元）', '市值'],
    ['金额[元]', '金额'],
    ['金额【元】', '金额'],
    ['Ｃｕｓｔｏｍｅｒ Ｎｏ', 'customerno'],
    ['ID No.', 'idno.'],
    ['(元)', ''],
  ])('%j → %j', (raw, norm) => {
    expect(normalizeHeader(raw)).toBe(norm);
  });
});

describe('yuanFactor', () => {
  it.each([
    ['总资产', null],
    ['总资产(元)', 1],
    ['总资产（万元）', 1e4],
    ['总资产（单位：元）', 1],
    ['总资产(金额单位:万元)', 1e4],
    ['总资产(折人民币元)', 1],
    ['总资产（人民币万元）', 1e4],
    // A two-row header flattened: the group's unit when the column has none; the column's own first.
    ['资产(万元)/总资产', 1e4],
    ['资产(万元)/总资产(元)', 1],
    ['资产(万元)/总资产(含两融)', 1e4],
    ['资产(万元)/总资产(人民币)', 1],
    ['资产/总资产', null],
    ['总资产(含两融)', null],
    ['总资产(美元)', { currency: '美元' }],
    ['资产(港元)/市值', { currency: '港元' }],
    ['总资产(HKD)', { currency: 'HKD' }],
  ])('%j → %j', (header, factor) => {
    expect(yuanFactor(header)).toEqual(factor);
  });
});

describe('detectHeader', () => {
  it('skips title rows: the row matching the most hints wins', () => {
    const r = rows([1, ['客户资料导出']], [2, ['导出日期：2024-01-05']], [3, ['客户号', '客户姓名', '证件号码', '手机号码']], [4, ['880000001', '张伟', '110101195001011001', '13910000000']]);
    expect(detectHeader(r, CUSTOMER_HINTS)).toEqual({ index: 2, matched: 4, guessed: false });
  });

  it('matches through normalisation: spaces, full-width, units in brackets', () => {
    const r = rows([1, ['说明']], [2, ['客户 姓名', '身份证号（18位）', 'ｍｉｓｃ']]);
    expect(detectHeader(r, [...CUSTOMER_HINTS, 'MISC'])).toEqual({ index: 1, matched: 3, guessed: false });
  });

  it('on a tie the earliest row wins', () => {
    const r = rows([1, ['客户号', '姓名']], [2, ['客户号', '姓名']]);
    expect(detectHeader(r, CUSTOMER_HINTS)?.index).toBe(0);
  });

  it('a row must match at least 2 hints; otherwise the first row of 2+ text cells without values', () => {
    const r = rows([1, ['客户资料']], [2, ['编号', '名字', '备注']], [3, [1, '张伟', '无']]);
    expect(detectHeader(r, CUSTOMER_HINTS)).toEqual({ index: 1, matched: 0, guessed: false });
    // One hint is not enough to beat the text rule.
    expect(detectHeader(rows([1, ['标题', '姓名']], [2, ['客户号', 'x1', 'x2']]), CUSTOMER_HINTS)).toEqual({ index: 0, matched: 0, guessed: false });
  });

  it('a row with a number, date or ID-like cell is no header for the fallback', () => {
    const r = rows([1, ['报表日期', '2024-01-05']], [2, ['编号', '名称']]);
    expect(detectHeader(r, [])?.index).toBe(1);
  });

  it('with nothing header-like, takes the first row and says it guessed', () => {
    expect(detectHeader(rows([1, ['880000001', 12]], [2, ['880000002', 13]]), CUSTOMER_HINTS)).toEqual({ index: 0, matched: 0, guessed: true });
    expect(detectHeader([], CUSTOMER_HINTS)).toBeNull();
  });

  it('looks at the first 30 rows only', () => {
    const many: [number, RawCell[]][] = Array.from({ length: 30 }, (_, i) => [i + 1, [`标题${i}`]]);
    many.push([31, ['客户号', '客户姓名', '证件号码']]);
    expect(detectHeader(rows(...many), CUSTOMER_HINTS)?.guessed).toBe(true);
    expect(detectHeader(rows(...many.slice(1)), CUSTOMER_HINTS)?.index).toBe(29);
  });
});

describe('buildHeader', () => {
  // Row 1: title merged A1:E1. Row 2: 资金账号 (A2:A3) | 日期 (B2:B3) | 资产 (C2:E2). Row 3: sub-headers.
  const twoRow = rows([1, ['客户资产日报']], [2, ['资金账号', '日期', '资产']], [3, [null, null, '总资产', '市值', '资金余额']], [4, ['3100100001', 45296, 60000, 50000, 10000]]);
  const merges: MergeRange[] = [
    { r1: 1, c1: 0, r2: 1, c2: 4 },
    { r1: 2, c1: 0, r2: 3, c2: 0 },
    { r1: 2, c1: 1, r2: 3, c2: 1 },
    { r1: 2, c1: 2, r2: 2, c2: 4 },
  ];

  it('a two-row header with merges becomes group/sub, a cell merged down keeps its text, the title is not a group', () => {
    expect(detectHeader(twoRow, ASSET_HINTS)?.index).toBe(2);
    expect(buildHeader(twoRow, 2, merges)).toEqual({ headers: ['资金账号', '日期', '资产/总资产', '资产/市值', '资产/资金余额'], topRowNo: 2 });
  });

  it('the same layout without merge information (CSV): a group cell spans the empty cells to its right', () => {
    expect(buildHeader(twoRow, 2, [])).toEqual({ headers: ['资金账号', '日期', '资产/总资产', '资产/市值', '资产/资金余额'], topRowNo: 2 });
  });

  it('a group row that covers only some columns: the others keep their own header', () => {
    const r = rows([1, [null, null, '资产']], [2, ['资金账号', '日期', '总资产', '市值', '资金余额']]);
    expect(buildHeader(r, 1, [{ r1: 1, c1: 2, r2: 1, c2: 4 }]).headers).toEqual(['资金账号', '日期', '资产/总资产', '资产/市值', '资产/资金余额']);
    expect(buildHeader(r, 1, []).headers).toEqual(['资金账号', '日期', '资产/总资产', '资产/市值', '资产/资金余额']);
  });

  it('a merged title or a note right above the header is not a group row', () => {
    const title = rows([1, ['客户资产日报']], [2, ['资金账号', '日期', '总资产']]);
    expect(buildHeader(title, 1, [{ r1: 1, c1: 0, r2: 1, c2: 2 }])).toEqual({ headers: ['资金账号', '日期', '总资产'], topRowNo: 2 });
    expect(buildHeader(title, 1, [])).toEqual({ headers: ['资金账号', '日期', '总资产'], topRowNo: 2 });
    const note = rows([1, [null, null, '单位：元']], [2, ['资金账号', '日期', '总资产']]);
    expect(buildHeader(note, 1, []).topRowNo).toBe(2);
    const dated = rows([1, ['报表日期', '2024-01-05']], [2, ['资金账号', '日期', '总资产']]);
    expect(buildHeader(dated, 1, []).topRowNo).toBe(2);
  });

  it('a header cell merged across columns repeats its text in each', () => {
    const r = rows([1, ['客户姓名', '联系电话', null, '地址']]);
    expect(buildHeader(r, 0, [{ r1: 1, c1: 1, r2: 1, c2: 2 }]).headers).toEqual(['客户姓名', '联系电话', '联系电话', '地址']);
  });

  it('header texts are trimmed and line breaks inside a cell become spaces', () => {
    expect(buildHeader(rows([1, [' 客户姓名 ', '资产\n(元)']]), 0, []).headers).toEqual(['客户姓名', '资产 (元)']);
  });

  it('preferSubHeaderRow moves from the group row to the sub-header row below it', () => {
    expect(detectHeader(twoRow, [])?.index).toBe(1); // the first all-text row is the group row
    expect(preferSubHeaderRow(twoRow, 1, merges)).toBe(2);
    expect(preferSubHeaderRow(twoRow, 1, [])).toBe(2);
    // A plain header over data stays.
    const plain = rows([1, ['客户号', '客户姓名']], [2, ['880000001', '张伟']]);
    expect(preferSubHeaderRow(plain, 0, [])).toBe(0);
  });
});

describe('blank and totals rows', () => {
  it.each<[RawCell[], boolean]>([
    [['合计', null, 100], true],
    [[null, '合 计：', 100], true],
    [['总计:', 1], true],
    [['小计', 1], true],
    [['总和'], true],
    [['Total', 1], true],
    [['SUM:', 1], true],
    [['合计金额', 1], false],
    [[1, '合计'], false],
    [['张伟', '合计'], false],
    [[], false],
  ])('isTotalsRow(%j) = %s', (cells, expected) => {
    expect(isTotalsRow(cells)).toBe(expected);
  });

  it('isBlankRow: only empty or whitespace cells', () => {
    expect(isBlankRow([null, ' ', '\u3000'])).toBe(true);
    expect(isBlankRow([null, 0])).toBe(false);
  });
});
