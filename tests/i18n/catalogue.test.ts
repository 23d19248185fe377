import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueText, catalogues, itemList, keyList, labelListParams, LOCALES } from '../../src-shared/i18n/catalogues';
import { ERROR_CODES } from '../../src-shared/rpc/errors';
import { ROLES, DATA_SCOPES } from '../../src-shared/auth/roles';
import { APPROVAL_STATUSES } from '../../src-shared/approvals/approvals.contract';
import { CUSTOMER_LEVELS, CUSTOMER_STATUSES, ID_TYPES } from '../../src-shared/customers/customers.contract';
import { AUDIT_OUTCOMES } from '../../src-shared/audit/audit.contract';
import { contract } from '../../src-shared/contract';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string, exts: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p, exts));
    else if (exts.test(name)) out.push(p);
  }
  return out;
}

/** Every whole string literal ('…', "…" or `…` without interpolation) that is a catalogue key by its prefix. */
function keyLiterals(dir: string, prefix: RegExp): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const literal = /(['"`])((?:validation|error)\.[A-Za-z0-9_.]*[A-Za-z0-9_])\1/g;
  for (const file of sourceFiles(join(root, dir), /\.tsx?$/)) {
    if (file.includes(`${join('src-shared', 'i18n')}`)) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(literal)) {
      const key = m[2]!;
      if (!prefix.test(key)) continue;
      const where = found.get(key) ?? [];
      where.push(relative(root, file));
      found.set(key, where);
    }
  }
  return found;
}

/** Keys the renderer asks for by literal: t('…') and tKey('…'). */
function rendererKeys(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const call = /\bt(?:Key)?\(\s*(['"])([A-Za-z][A-Za-z0-9_.-]*)\1/g;
  for (const file of sourceFiles(join(root, 'src-renderer'), /\.tsx?$/)) {
    for (const m of readFileSync(file, 'utf8').matchAll(call)) {
      const where = found.get(m[2]!) ?? [];
      where.push(relative(root, file));
      found.set(m[2]!, where);
    }
  }
  return found;
}

const missingFrom = (keys: Iterable<string>) =>
  LOCALES.flatMap((loc) => [...keys].filter((k) => !(k in catalogues[loc])).map((k) => `${loc}: ${k}`));

describe('UI catalogues', () => {
  it('zh-CN and en have exactly the same keys', () => {
    const zh = Object.keys(catalogues['zh-CN']).sort();
    const en = Object.keys(catalogues.en).sort();
    expect(zh.filter((k) => !en.includes(k)), 'in zh-CN but not en').toEqual([]);
    expect(en.filter((k) => !zh.includes(k)), 'in en but not zh-CN').toEqual([]);
  });

  it('no message is empty, and both locales use the same {{params}} per key', () => {
    const params = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, zh] of Object.entries(catalogues['zh-CN'])) {
      const en = catalogues.en[key as keyof typeof catalogues.en];
      expect(zh.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      expect(params(en), key).toEqual(params(zh));
    }
  });

  it('every ERROR_CODES entry has error.<CODE>', () => {
    expect(missingFrom(ERROR_CODES.map((c) => `error.${c}`))).toEqual([]);
  });

  it("every 'validation.…' and 'error.…' literal in src-shared and src-main has a message", () => {
    const used = new Map([...keyLiterals('src-shared', /./), ...keyLiterals('src-main', /./)]);
    expect(used.size).toBeGreaterThan(20); // the scan itself works
    const missing = missingFrom(used.keys()).map((m) => `${m} (used in ${used.get(m.split(': ')[1]!)!.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('keys built at run time have messages: zod issue codes, ID-number problems, enum names', () => {
    const zodCodes = ['invalid_type', 'too_big', 'too_small', 'invalid_format', 'not_multiple_of', 'unrecognized_keys', 'invalid_union', 'invalid_key', 'invalid_element', 'invalid_value', 'custom'];
    const keys = [
      ...zodCodes.map((c) => `validation.${c}`),
      ...['format', 'birthDate', 'checkDigit'].map((p) => `validation.idNo.${p}`),
      ...ROLES.map((r) => `role.${r}`),
      ...DATA_SCOPES.map((s) => `scope.${s}`),
      ...APPROVAL_STATUSES.map((s) => `approvalStatus.${s}`),
      ...CUSTOMER_STATUSES.map((s) => `customerStatus.${s}`),
      ...CUSTOMER_LEVELS.map((s) => `customerLevel.${s}`),
      ...ID_TYPES.map((s) => `idType.${s}`),
      ...AUDIT_OUTCOMES.map((s) => `auditOutcome.${s}`),
      ...Object.entries(contract).filter(([, s]) => 'fourEyes' in s).map(([m]) => `approval.summary.${m}`),
    ];
    expect(missingFrom(keys)).toEqual([]);
  });

  it('every key the renderer asks for by literal exists', () => {
    const used = rendererKeys();
    expect(used.size).toBeGreaterThan(20);
    expect(missingFrom(used.keys())).toEqual([]);
  });

  it('the two catalogues are not copies of each other', () => {
    expect(catalogues['zh-CN']['nav.customers']).toBe('客户');
    expect(catalogues.en['nav.customers']).toBe('Customers');
  });
});

describe('catalogueText (text main writes and the CLI prints)', () => {
  it('fills {{params}} in the language asked for; a missing param stays as written; an unknown key is itself', () => {
    expect(catalogueText('zh-CN', 'exports.cover.q', { q: '张' })).toBe('搜索“张”');
    expect(catalogueText('en', 'exports.cover.filter', { conditions: 'a; b' })).toBe('Filter: a; b');
    expect(catalogueText('en', 'exports.cover.filter')).toBe('Filter: {{conditions}}');
    expect(catalogueText('zh-CN', 'no.such.key', { x: 1 })).toBe('no.such.key');
  });

  it('a list param reads in the language asked for: catalogue keys as labels (xKeys), names as they are (xItems), joined as the language joins', () => {
    const accepted = { acceptedKeys: keyList(['gender.M', 'gender.F']) };
    expect(catalogueText('zh-CN', 'error.import.value.notInList', accepted)).toBe('不是可选的值（可选：男、女）');
    expect(catalogueText('en', 'error.import.value.notInList', accepted)).toBe('is not one of the accepted values (Male, Female)');
    const sheets = { sheet: '客户', sheetsItems: itemList(['说明', 'Sheet|2']) };
    expect(catalogueText('zh-CN', 'error.import.file.sheetNotFound', sheets)).toBe('找不到名为“客户”的工作表，文件中的工作表有：说明、Sheet|2');
    expect(catalogueText('en', 'error.import.file.sheetNotFound', sheets)).toBe('There is no sheet named "客户". The file has: 说明, Sheet|2');
    // A param that only looks like one is left alone.
    expect(labelListParams({ xItems: 'not json', Keys: 'a' }, (k) => k)).toEqual({ xItems: 'not json', Keys: 'a' });
  });
});
