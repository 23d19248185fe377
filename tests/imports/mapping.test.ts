import { catalogueText } from '../../src-shared/i18n/catalogues';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldForHeader, headerSignature, mappingIssues, suggestMapping } from '../../src-main/imports/mapping';
import { KINDS } from '../../src-main/imports/kinds';
import { IMPORT_KINDS } from '../../src-shared/imports/imports.contract';
import { zhCN } from '../../src-shared/i18n/zh-CN';
import { en } from '../../src-shared/i18n/en';
import { makeTestApp, type TestApp } from '../helpers/app';
import { handleFor, idOf, preview, runJobsInProcess, writeCsv, type InProcessJobs } from './helpers';

describe('mapping: synonyms', () => {
  it('maps the headers trading systems and colleagues write, Chinese and English, with units and spaces', () => {
    const cases: [string, string][] = [
      ['客户姓名', 'name'],
      ['姓名', 'name'],
      ['客户名称', 'name'],
      ['Customer Name', 'name'],
      ['证件号码', 'idNo'],
      ['身份证号', 'idNo'],
      ['证件号', 'idNo'],
      ['ID Number', 'idNo'],
      ['手机', 'phone'],
      ['手机号码', 'phone'],
      ['联系电话', 'phone'],
      ['移动电话', 'phone'],
      ['Mobile', 'phone'],
      ['客 户 号', 'customerNo'],
      ['客户号：', 'customerNo'],
      ['风险等级', 'riskLevel'],
      ['营业部代码', 'branch'],
      ['客户经理', 'manager'],
      ['出生日期', 'birthDate'],
    ];
    for (const [h, f] of cases) expect(fieldForHeader('customers', h), h).toBe(f);
    expect(fieldForHeader('dailyAssets', '总资产（元）')).toBe('total');
    expect(fieldForHeader('dailyAssets', '资产总值')).toBe('total');
    expect(fieldForHeader('dailyAssets', '资产/总资产')).toBe('total');
    expect(fieldForHeader('dailyAssets', '资金帐号')).toBe('accountNo');
    expect(fieldForHeader('dailyAssets', '账号')).toBe('accountNo');
    expect(fieldForHeader('dailyAssets', '可用资金')).toBe('cash');
    expect(fieldForHeader('monthlyTrading', '佣金(元)')).toBe('commission');
    expect(fieldForHeader('monthlyTrading', '成交金额')).toBe('volume');
    expect(fieldForHeader('holdings', '证券代码')).toBe('productCode');
    expect(fieldForHeader('customers', '备注2')).toBeNull();
  });

  it('the first column claims a field; a second column of the same meaning is left unmapped', () => {
    expect(suggestMapping('customers', ['姓名', '客户名称', '证件号码', '无关列'])).toEqual(['name', null, 'idNo', null]);
  });

  it('a header exported by this app (the customer field labels) maps back', () => {
    for (const k of ['customerNo', 'name', 'idNo', 'phone', 'riskLevel', 'openDate']) {
      expect(fieldForHeader('customers', (zhCN as Record<string, string>)[`customer.field.${k}`]!), k).toBe(k);
    }
  });

  it('mapping checks: required fields once, no field twice, nothing past the last column', () => {
    expect(mappingIssues('customers', ['name', 'idNo'], 2)).toEqual([]);
    expect(mappingIssues('customers', ['name', 'name', null, 'phone'], 3)).toEqual([
      { path: ['mapping', 1], message: 'error.import.mapping.twice', params: { field: 'name', labelKeys: 'import.field.customers.name', column: 1 } },
      { path: ['mapping', 3], message: 'error.import.mapping.noColumn' },
      { path: ['mapping'], message: 'error.import.mapping.required', params: { field: 'idNo', labelKeys: 'import.field.customers.idNo' } },
    ]);
    // The field named in the reader's language, wherever the message is rendered.
    const required = mappingIssues('customers', ['name'], 1)[0]!;
    expect(catalogueText('zh-CN', required.message, required.params)).toContain('证件号码');
    expect(catalogueText('en', required.message, required.params)).toContain((en as Record<string, string>)['import.field.customers.idNo']);
    expect(catalogueText('en', required.message, required.params)).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('every field of every kind has a label in both catalogues', () => {
    for (const kind of IMPORT_KINDS) {
      for (const f of KINDS[kind].fields) {
        expect((zhCN as Record<string, string>)[`import.field.${kind}.${f.key}`], `${kind}.${f.key}`).toBeTruthy();
        expect((en as Record<string, string>)[`import.field.${kind}.${f.key}`], `${kind}.${f.key}`).toBeTruthy();
      }
    }
  });

  it('the header signature ignores spacing and width but not order', () => {
    expect(headerSignature(['客户号', '姓名'])).toBe(headerSignature([' 客户号', '姓 名']));
    expect(headerSignature(['客户号', '姓名'])).not.toBe(headerSignature(['姓名', '客户号']));
  });
});

describe('mapping: templates', () => {
  let t: TestApp;
  let jobs: InProcessJobs;
  afterEach(() => {
    jobs?.close();
    t?.close();
  });

  it('a fixed mapping saved as a template is found again for the same header, listed, and removable', async () => {
    t = await makeTestApp();
    jobs = runJobsInProcess(t);
    const op = await t.login('op1');
    // "编号" and "证照" mean nothing to the synonyms: the operator maps them by hand once.
    const path = writeCsv(t, 't.csv', [['编号', '户名', '证照'], ['100000501', '壬客户', idOf(501)]]);
    const first = await t.ok(op, 'imports.inspect', { handle: handleFor(t, op, path), kind: 'customers', encoding: 'auto' });
    expect(first.mapping).toEqual([null, 'name', null]);
    expect(first.template).toBeNull();
    const run = await preview(t, op, 'customers', path, { mapping: () => ['customerNo', 'name', 'idNo'], saveTemplateAs: '柜台系统导出' });
    expect(run.counts).toMatchObject({ new: 1, error: 0 });
    const again = await t.ok(op, 'imports.inspect', { handle: handleFor(t, op, writeCsv(t, 't2.csv', [['编号', '户名', '证照'], ['100000502', '癸客户', idOf(502)]])), kind: 'customers', encoding: 'auto' });
    expect(again.mapping).toEqual(['customerNo', 'name', 'idNo']);
    expect(again.template).toMatchObject({ name: '柜台系统导出' });
    const list = await t.ok(op, 'imports.templates.list', { kind: 'customers' });
    expect(list).toEqual([expect.objectContaining({ name: '柜台系统导出', headers: ['编号', '户名', '证照'], mapping: ['customerNo', 'name', 'idNo'] })]);
    // Another branch cannot remove it; its own branch can.
    const bm2 = await t.login('bm2');
    expect(await t.call(bm2, 'imports.templates.remove', { id: list[0]!.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await t.ok(op, 'imports.templates.remove', { id: list[0]!.id });
    expect(await t.ok(op, 'imports.templates.list', { kind: 'customers' })).toEqual([]);
  });
});
