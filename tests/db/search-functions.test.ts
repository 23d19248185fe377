import { describe, expect, it } from 'vitest';
import { pinyinFull, pinyinInitials, rememberPinyin } from '../../src-main/db/search-functions';

describe('rememberPinyin (a stored row seeds the recompute of its generated columns)', () => {
  it('a name given with its stored pinyin is not converted again', () => {
    // Deliberately not its real pinyin: what the function returns is what was remembered.
    rememberPinyin('测试甲', 'stored', 'st');
    expect(pinyinFull('测试甲')).toBe('stored');
    expect(pinyinInitials('测试甲')).toBe('st');
  });

  it('never replaces what the function computed, and ignores anything but three strings', () => {
    expect(pinyinFull('单雄信')).toBe('shanxiongxin');
    rememberPinyin('单雄信', 'danxiongxin', 'dxx');
    expect(pinyinFull('单雄信')).toBe('shanxiongxin');
    rememberPinyin('测试乙', null, 'c');
    rememberPinyin(null, 'x', 'y');
    expect(pinyinFull('测试乙')).toBe('ceshiyi');
  });
});
