import { describe, expect, it } from 'vitest';
import { formatHlc, parseHlc, receive, tick } from '../../src-main/sync/hlc';

describe('hybrid logical clock', () => {
  it('formats so that text order is clock order', () => {
    const a = formatHlc({ wall: 9_999, counter: 12, node: 'n1' });
    const b = formatHlc({ wall: 10_000, counter: 0, node: 'n1' });
    expect(a < b).toBe(true);
    expect(parseHlc(a)).toEqual({ wall: 9_999, counter: 12, node: 'n1' });
  });

  it('ticks forward on the wall clock, and by the counter when the wall clock stalls or goes back', () => {
    const n = 'x';
    const a = tick(null, 1000, n);
    expect(tick(a, 2000, n)).toEqual({ wall: 2000, counter: 0, node: n });
    expect(tick(a, 1000, n)).toEqual({ wall: 1000, counter: 1, node: n });
    expect(tick(a, 10, n)).toEqual({ wall: 1000, counter: 1, node: n });
  });

  it('receiving a remote clock moves past it', () => {
    const local = { wall: 1000, counter: 3, node: 'a' };
    expect(receive(local, { wall: 5000, counter: 7, node: 'b' }, 2000, 'a')).toEqual({ wall: 5000, counter: 8, node: 'a' });
    expect(receive(local, { wall: 1000, counter: 9, node: 'b' }, 500, 'a')).toEqual({ wall: 1000, counter: 10, node: 'a' });
    expect(receive(local, { wall: 10, counter: 9, node: 'b' }, 3000, 'a')).toEqual({ wall: 3000, counter: 0, node: 'a' });
  });

  it('parses what it formats, and refuses anything else', () => {
    const h = { wall: 1767571200123, counter: 42, node: 'b000000000000001' };
    expect(parseHlc(formatHlc(h))).toEqual(h);
    for (const bad of ['', '001767571200123-000042-', '001767571200123-000042', '1767571200123-000042-b1', '001767571200123-00004x-b1', '001767571200123_000042-b1', '00176757120012a-000042-b1', '001767571200123-0000420b1']) {
      expect(() => parseHlc(bad), bad).toThrow(/malformed HLC/);
    }
  });
});
