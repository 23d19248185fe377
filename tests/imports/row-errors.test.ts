import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app';
import { idOf, preview, runJobsInProcess, writeCsv, writeXlsx, type InProcessJobs } from './helpers';

/**
 * Every class of bad value gets its own message, on its row and its column (a dry run: nothing
 * is written, so one database serves all).
 */
let t: TestApp;
let jobs: InProcessJobs;
let op: string;
beforeAll(async () => {
  t = await makeTestApp();
  jobs = runJobsInProcess(t);
  op = await t.login('op1');
});
afterAll(() => {
  jobs.close();
  t.close();
});

const problems = (run: Awaited<ReturnType<typeof preview>>) => run.firstErrors.map((e) => [e.row, e.column, e.message.key, e.message.params ?? null]);

describe('imports: a specific message per bad value', () => {
  it('customers', async () => {
    const ok = (i: number) => [String(500000100 + i), `客户${i}`, idOf(i), '13800000000', '', '', '', '', '', ''];
    const row = (i: number, col: number, v: string) => {
      const r = ok(i);
      r[col] = v;
      return r;
    };
    const path = writeCsv(t, 'bad-values.csv', [
      ['客户号', '客户姓名', '证件号码', '手机号码', '出生日期', '性别', '风险等级', '客户类型', '电子邮箱', '备注'],
      ok(0),
      row(1, 0, '12ab'), // customer number: digits only
      row(2, 1, ''), // name required
      row(3, 2, '1.10101E+17'), // an ID Excel showed in scientific notation
      row(4, 2, idOf(4).slice(0, 17) + (idOf(4).endsWith('1') ? '2' : '1')), // check digit
      row(5, 3, '1380000'), // not a mobile
      row(6, 4, '2024-02-30'), // no such date
      row(7, 4, '1999-01-01'), // ID says 1980-01-01
      row(8, 5, '未知'), // not 男/女
      row(9, 6, 'C9'), // not a risk level
      row(10, 7, '机构'), // an institution with a resident ID
      row(11, 8, 'not-an-email'),
      row(12, 9, '长'.repeat(2001)),
    ]);
    const run = await preview(t, op, 'customers', path);
    expect(run.counts).toMatchObject({ total: 13, new: 1, error: 12 });
    expect(problems(run)).toEqual([
      [3, '客户号', 'validation.customerNo', null],
      [4, '客户姓名', 'error.import.value.required', null],
      [5, '证件号码', 'error.import.cell.idAsNumber', null],
      [6, '证件号码', 'validation.idNo.checkDigit', null],
      [7, '手机号码', 'validation.phone', null],
      [8, '出生日期', 'error.import.cell.invalidDate', null],
      [9, '出生日期', 'validation.birthDate.mismatch', null],
      [10, '性别', 'error.import.value.notInList', { acceptedKeys: 'gender.M|gender.F' }],
      [11, '风险等级', 'error.import.value.notInList', { acceptedKeys: 'riskLevel.C1|riskLevel.C2|riskLevel.C3|riskLevel.C4|riskLevel.C5' }],
      [12, '客户类型', 'validation.idType.institution', null],
      [13, '电子邮箱', 'validation.email', null],
      [14, '备注', 'error.import.value.tooLong', { max: 2000 }],
    ]);
  });

  it('trading facts: numbers, dates, months, a huge account number Excel rounded', async () => {
    const daily = await preview(
      t,
      op,
      'dailyAssets',
      await writeXlsx(t, 'bad-daily.xlsx', [
        ['资金账号', '日期', '总资产'],
        [123456789012345680000, '2024-01-05', 1], // an account number past 2^53
        ['600000000001', '昨天', 1],
        ['600000000001', '2024-01-05', '一百万'],
        ['600000000001', '2024-01-05', null],
        [6000000000000010, '2024-01-05', 1], // 16 digits: Excel kept 15 (typed as 6000000000000017)
      ]),
    );
    expect(problems(daily)).toEqual([
      [2, '资金账号', 'error.import.value.digitsLost', null],
      [3, '日期', 'error.import.cell.notDate', null],
      [4, '总资产', 'error.import.cell.notNumber', null],
      [5, '总资产', 'error.import.value.required', null],
      [6, '资金账号', 'error.import.value.digitsLost', null],
    ]);
    const monthly = await preview(t, op, 'monthlyTrading', writeCsv(t, 'bad-monthly.csv', [['资金账号', '月份', '佣金', '交易量'], ['600000000001', '2024-13', '1', '1']]));
    expect(problems(monthly)).toEqual([[2, '月份', 'error.import.cell.notMonth', null]]);
    // Amounts that cannot be negative, percentages where an amount belongs, a fund code Excel stripped of its zeros.
    const holdings = await preview(
      t,
      op,
      'holdings',
      await writeXlsx(t, 'bad-holdings.xlsx', [
        ['资金账号', '日期', '证券代码', '持有数量', '市值'],
        ['600000000001', '2024-01-05', 651, 100, 1],
        ['600000000001', '2024-01-05', '000651', -3, 1],
        ['600000000001', '2024-01-05', '000652', '12.5%', 1],
        ['600000000001', '2024-01-05', '000653', 10, '(1,234)'],
        ['600000000001', '2024-01-05', 600519, 10, '12.5%'],
      ]),
    );
    expect(problems(holdings)).toEqual([
      [2, '证券代码', 'error.import.value.leadingZeros', null],
      [3, '持有数量', 'error.import.value.negative', null],
      [4, '持有数量', 'error.import.value.percent', null],
      [5, '市值', 'error.import.value.negative', null],
      [6, '市值', 'error.import.value.percent', null],
    ]);
    const contacts = await preview(t, op, 'contacts', writeCsv(t, 'bad-contacts.csv', [['客户号', '联系人姓名', '主要联系人'], ['500000100', '某人', '也许']]));
    expect(problems(contacts)).toEqual([[2, '主要联系人', 'error.import.value.yesNo', null]]);
  });
});
