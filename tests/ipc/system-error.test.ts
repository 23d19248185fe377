import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorForLog } from '../../src-main/lib/system-error';

describe('errorForLog (dispatcher and job runner)', () => {
  it("gives a system error's code and syscall, never its message with the path; other errors as they are", () => {
    let e: unknown;
    try {
      readFileSync('/nonexistent/张三的客户资料.csv');
    } catch (x) {
      e = x;
    }
    expect(errorForLog(e)).toBe('ENOENT (open)');
    expect(errorForLog(new TypeError('bad thing'))).toBe('TypeError: bad thing');
    expect(errorForLog('x')).toBe('unknown error');
  });
});
