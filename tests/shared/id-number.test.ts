import { describe, expect, it } from 'vitest';
import { checkIdNumber, checkUscc, idCheckChar, birthDateFromId, sexFromId } from '../../src-shared/lib/id-number';
import { normalizeIdNumber, normalizeName, normalizePhone, isMainlandMobile } from '../../src-shared/lib/normalize';
import { maskIdNumber, maskNumbersIn, maskPhone } from '../../src-shared/lib/mask';

describe('ID numbers (GB 11643, ISO 7064 MOD 11-2)', () => {
  it('accepts the standard example and computes X check characters', () => {
    expect(checkIdNumber('11010519491231002X')).toBeNull();
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(birthDateFromId('11010519491231002X')).toBe('1949-12-31');
    expect(sexFromId('11010519491231002X')).toBe('F');
  });
  it('names what is wrong', () => {
    expect(checkIdNumber('110105194912310021')).toBe('checkDigit');
    expect(checkIdNumber('110105194902300020')).toBe('birthDate');
    expect(checkIdNumber('11010519491231002')).toBe('format');
    expect(checkIdNumber('1.10105194912E+17')).toBe('format');
  });
  it('normalises full-width input and a lower-case x', () => {
    expect(normalizeIdNumber('１１０１０５ １９４９１２３１００２ｘ')).toBe('11010519491231002X');
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts a valid code and refuses a changed check character', () => {
    expect(checkUscc('91350100M000100Y43')).toBeNull();
    expect(checkUscc('91350100M000100Y44')).toBe('checkDigit');
    expect(checkUscc('91350100M000100I43')).toBe('format');
  });
});

describe('phones and names', () => {
  it('normalises spaces, dashes and +86', () => {
    expect(normalizePhone('+86 138-0013 8000')).toBe('13800138000');
    expect(normalizePhone('0086１３８００１３８０００')).toBe('13800138000');
    expect(isMainlandMobile('13800138000')).toBe(true);
    expect(isMainlandMobile('12800138000')).toBe(false);
  });
  it('normalises full-width letters and the middle dots of minority and foreign names', () => {
    expect(normalizeName(' 阿依古丽・买买提 ')).toBe('阿依古丽·买买提');
    expect(normalizeName('Ｊｏｈｎ　Ｓｍｉｔｈ')).toBe('John Smith');
  });
  it('masks as PIPL lists show them', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
    // A 15-digit first-generation ID as the long ones; a passport or permit shows at most a third.
    expect(maskIdNumber('110105491231002')).toBe('110********1002');
    expect(maskIdNumber('E12345678')).toBe('E******78');
    expect(maskIdNumber('H1234567801')).toBe('H********01');
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

describe('numbers inside free text (a search term on a masked cover)', () => {
  it('masks each run of more than four digits as the list masks numbers; leaves a tail of four and the words', () => {
    expect(maskNumbersIn('13911110002')).toBe('139****0002');
    expect(maskNumbersIn('11010519491231002X')).toBe('110***********002X');
    expect(maskNumbersIn('123456')).toBe('**3456');
    expect(maskNumbersIn('0002')).toBe('0002');
    expect(maskNumbersIn('王芳 13911110002')).toBe('王芳 139****0002');
    expect(maskNumbersIn('张三')).toBe('张三');
  });
});
