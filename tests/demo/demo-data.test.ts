import { describe, expect, it } from 'vitest';
import {
  PhoneSource,
  REGION_CODES,
  ResidentIdSource,
  companyName,
  dateOfDay,
  emailAddress,
  isoAt,
  makeRng,
  personName,
  streetAddress,
  uscc,
} from '../../src-main/demo/demo-data';
import { levelFor, uuidv7At } from '../../src-main/demo/generate';
import { replayStatements } from '../../src-main/demo/bulk-load';
import { birthDateFromId, checkIdNumber, checkUscc, sexFromId } from '../../src-shared/lib/id-number';
import { isMainlandMobile } from '../../src-shared/lib/normalize';
import { zId } from '../../src-shared/lib/common';

describe('demo value generators', () => {
  it('resident IDs are valid, unique, born 1940–2006, and carry the sex asked for', () => {
    const rng = makeRng(7);
    const src = new ResidentIdSource(rng);
    const seen = new Set<string>();
    const bad: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const sex = i % 2 === 0 ? 'M' : 'F';
      const id = src.next(REGION_CODES.shanghai[i % REGION_CODES.shanghai.length]!, sex);
      const year = Number(birthDateFromId(id).slice(0, 4));
      if (checkIdNumber(id) !== null || sexFromId(id) !== sex || year < 1940 || year > 2006) bad.push(id);
      seen.add(id);
    }
    expect(bad).toEqual([]);
    expect(seen.size).toBe(20_000);
  });

  it('unified social credit codes pass the GB 32100 check', () => {
    const rng = makeRng(3);
    const codes = Array.from({ length: 2000 }, () => uscc(rng, '310115'));
    expect(codes.filter((c) => checkUscc(c) !== null)).toEqual([]);
  });

  it('phones are valid mainland mobiles and never repeat', () => {
    const src = new PhoneSource(makeRng(11));
    const seen = new Set<string>();
    const bad: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const p = src.next();
      if (!isMainlandMobile(p)) bad.push(p);
      seen.add(p);
    }
    expect(bad).toEqual([]);
    expect(seen.size).toBe(100_000);
  });

  it('names are mostly two to four characters, common surnames lead, a few dotted names', () => {
    const rng = makeRng(5);
    const names = Array.from({ length: 20_000 }, (_, i) => personName(rng, i % 2 === 0 ? 'M' : 'F'));
    const short = names.filter((n) => [...n].length >= 2 && [...n].length <= 4).length;
    expect(short / names.length).toBeGreaterThan(0.98);
    const wang = names.filter((n) => n.startsWith('王')).length / names.length;
    expect(wang).toBeGreaterThan(0.04);
    expect(wang).toBeLessThan(0.1);
    expect(names.some((n) => n.includes('·'))).toBe(true);
    expect(names.every((n) => /^[\u4e00-\u9fff·]+$/u.test(n))).toBe(true);
    expect(companyName(rng)).toMatch(/公司$/);
  });

  it('is deterministic for a seed', () => {
    const a = makeRng(42);
    const b = makeRng(42);
    expect(Array.from({ length: 50 }, () => personName(a, 'F'))).toEqual(Array.from({ length: 50 }, () => personName(b, 'F')));
  });

  it('formats ISO times like Date and ids like UUIDv7', () => {
    const rng = makeRng(1);
    const wrong = Array.from({ length: 5000 }, () => Math.floor(rng() * 4e12) - 1e12).filter((ms) => isoAt(ms) !== new Date(ms).toISOString());
    expect(wrong).toEqual([]);
    const id = uuidv7At(Date.UTC(2026, 0, 1), rng);
    expect(zId.safeParse(id).success).toBe(true);
    expect(id[14]).toBe('7');
    expect(uuidv7At(1000, rng) < uuidv7At(1001, rng)).toBe(true);
  });

  it('formats day numbers as dates, and makes plausible addresses and e-mails', () => {
    expect(dateOfDay(0)).toBe('1970-01-01');
    expect(dateOfDay(Date.UTC(2026, 10, 1) / 86_400_000)).toBe('2026-11-01');
    const rng = makeRng(8);
    expect(Array.from({ length: 200 }, () => emailAddress(rng)).filter((e) => !/^[a-z]{3,8}\d{0,4}@[a-z0-9]+\.com$/.test(e))).toEqual([]);
    expect(Array.from({ length: 200 }, () => streetAddress(rng, 'shanghai')).filter((a) => !/^上海市.+区.+\d+号\d+栋\d+室$/.test(a))).toEqual([]);
  });

  it('derives the level from the thresholds', () => {
    const t = { silver: 5_000_000, gold: 50_000_000, platinum: 100_000_000, diamond: 500_000_000 };
    expect(levelFor(0, t)).toBe('normal');
    expect(levelFor(5_000_000, t)).toBe('silver');
    expect(levelFor(99_999_999, t)).toBe('gold');
    expect(levelFor(500_000_000, t)).toBe('diamond');
  });
});

describe('bulk-load trigger replay', () => {
  it('turns a simple AFTER INSERT trigger into INSERT … SELECT and refuses anything else', () => {
    const sql = `CREATE TRIGGER customers_fts_ins AFTER INSERT ON customers BEGIN
  INSERT INTO customer_name_tri(rowid, name) VALUES (NEW.seq, NEW.name);
  INSERT INTO customer_name_gram(rowid, grams) VALUES (NEW.seq, bd_ngrams(NEW.name));
END`;
    expect(replayStatements(sql, 'customers')).toEqual([
      'INSERT INTO customer_name_tri(rowid, name) SELECT customers.seq, customers.name FROM customers ORDER BY customers.rowid',
      'INSERT INTO customer_name_gram(rowid, grams) SELECT customers.seq, bd_ngrams(customers.name) FROM customers ORDER BY customers.rowid',
    ]);
    expect(replayStatements(`CREATE TRIGGER t AFTER INSERT ON customers WHEN bd_capturing() BEGIN SELECT bd_next_op(); END`, 'customers')).toBeNull();
    expect(replayStatements(`CREATE TRIGGER t AFTER INSERT ON customers BEGIN INSERT INTO x(a) VALUES ('a;b'); END`, 'customers')).toBeNull();
    expect(replayStatements(`CREATE TRIGGER t AFTER INSERT ON customers BEGIN UPDATE x SET a = NEW.seq; END`, 'customers')).toBeNull();
    expect(replayStatements(`CREATE TRIGGER t AFTER INSERT ON customers BEGIN INSERT INTO x(a) VALUES ((SELECT max(seq) FROM customers)); END`, 'customers')).toBeNull();
  });
});
