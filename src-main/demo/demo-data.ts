import { idCheckChar, usccCheckChar } from '../../src-shared/lib/id-number';

/**
 * Pure, seeded generators of realistic demo values: Chinese names, resident ID numbers,
 * unified social credit codes, mobile phones. No database here, so they are unit-tested
 * alone and reused by the bench. Our own PRNG and pools instead of faker: faker is a
 * dev dependency (the packaged app creates the demo database too), and a million calls
 * through faker's locale machinery cost more than the database writes they feed.
 */

export type Rng = () => number;

/** mulberry32: tiny, fast, and deterministic for a seed; not for anything secret. */
export function makeRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const randInt = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

/** Weighted choice by a cumulative table and binary search (O(log n) per draw). */
export class Weighted<T> {
  private readonly cum: Float64Array;
  private readonly items: T[];
  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map((e) => e[0]);
    this.cum = new Float64Array(entries.length);
    let s = 0;
    entries.forEach((e, i) => {
      s += e[1];
      this.cum[i] = s;
    });
  }
  draw(rng: Rng): T {
    const x = rng() * this.cum[this.cum.length - 1]!;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

/** Standard normal by Box-Muller (one of the pair; simplicity beats the saved call here). */
export function normal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

// Surnames with weights per 10,000 people, after the 2020 census ranking; the tail is rough.
const SURNAME_WEIGHTS: readonly (readonly [string, number])[] = [
  ['王', 712], ['李', 700], ['张', 674], ['刘', 510], ['陈', 461], ['杨', 322], ['黄', 245], ['赵', 219], ['吴', 208], ['周', 200],
  ['徐', 145], ['孙', 138], ['马', 129], ['朱', 126], ['胡', 116], ['郭', 115], ['何', 106], ['林', 103], ['高', 100], ['罗', 95],
  ['郑', 85], ['梁', 84], ['谢', 69], ['宋', 65], ['唐', 64], ['许', 61], ['韩', 58], ['冯', 57], ['邓', 56], ['曹', 55],
  ['彭', 54], ['曾', 52], ['肖', 51], ['田', 50], ['董', 49], ['袁', 48], ['潘', 47], ['于', 46], ['蒋', 45], ['蔡', 44],
  ['余', 43], ['杜', 42], ['叶', 41], ['程', 40], ['苏', 39], ['魏', 38], ['吕', 37], ['丁', 36], ['任', 35], ['沈', 34],
  ['姚', 33], ['卢', 32], ['姜', 31], ['崔', 30], ['钟', 29], ['谭', 28], ['陆', 27], ['汪', 26], ['范', 25], ['金', 24],
  ['石', 23], ['廖', 22], ['贾', 21], ['夏', 20], ['韦', 20], ['付', 19], ['方', 19], ['白', 18], ['邹', 18], ['孟', 17],
  ['熊', 17], ['秦', 16], ['邱', 16], ['江', 15], ['尹', 15], ['薛', 14], ['闫', 14], ['段', 13], ['雷', 13], ['侯', 12],
  ['龙', 12], ['史', 12], ['陶', 11], ['黎', 11], ['贺', 11], ['顾', 10], ['毛', 10], ['郝', 10], ['龚', 10], ['邵', 10],
  ['万', 9], ['钱', 9], ['严', 9], ['覃', 8], ['武', 8], ['戴', 8], ['莫', 8], ['孔', 7], ['向', 7], ['汤', 7],
  ['常', 7], ['温', 6], ['康', 6], ['施', 6], ['文', 6], ['牛', 6], ['樊', 5], ['葛', 5], ['邢', 5], ['安', 5],
  ['齐', 5], ['易', 5], ['乔', 5], ['伍', 5], ['庞', 5], ['颜', 5], ['单', 4], ['倪', 4], ['庄', 4], ['聂', 4],
  ['章', 4], ['鲁', 4], ['岳', 4], ['翟', 4], ['殷', 4], ['詹', 4], ['申', 4], ['耿', 4], ['关', 4], ['解', 3],
  ['兰', 3], ['焦', 3], ['俞', 3], ['左', 3], ['柳', 3], ['甘', 3], ['祝', 3], ['包', 3], ['宁', 3], ['尚', 3],
  ['符', 3], ['舒', 3], ['阮', 3], ['柯', 3], ['纪', 3], ['梅', 3], ['童', 3], ['凌', 3], ['毕', 3], ['曲', 2],
  // Compound surnames: rare, but a search must handle them.
  ['欧阳', 3], ['司马', 1], ['诸葛', 1], ['上官', 1], ['司徒', 1], ['东方', 0.5], ['皇甫', 0.5], ['慕容', 0.3], ['令狐', 0.3], ['尉迟', 0.2],
];
const SURNAMES = new Weighted(SURNAME_WEIGHTS);

const MALE_CHARS = [...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建国志文博晨昊然轩泽睿天瑞鸿海亮峰成东振兴德庆福永立江家毅铭锋坤豪宏嘉诚晖彬松柏荣胜利民安春'];
const FEMALE_CHARS = [...'芳娜敏静丽艳娟霞秀玲燕萍红梅琳雪婷慧莉颖洁琴云倩璐佳欣怡雯晶丹露瑶蕾彤萱涵悦诗梦雨思月婧妍晓美玉淑凤兰英桂春霖蓉薇菲岚'];
// Whole given names that recur across generations (建国, 秀英 …) next to free combinations.
const MALE_GIVEN = ['建国', '建华', '国强', '志强', '志明', '建军', '海涛', '晓东', '俊杰', '家豪', '浩然', '宇轩', '子轩', '梓豪', '一鸣', '文博', '立新', '卫东', '红军', '永强'];
const FEMALE_GIVEN = ['秀英', '秀兰', '桂英', '玉兰', '海燕', '丽华', '红梅', '晓梅', '子涵', '梓涵', '欣怡', '雨桐', '一诺', '诗涵', '佳怡', '婉婷', '雅琴', '淑珍', '凤英', '春燕'];

// Minority (mostly Uyghur) and foreign names are written with the middle dot.
const DOT_FIRST = ['阿依古丽', '古丽娜尔', '买买提', '艾力', '阿不都', '热依拉', '努尔', '迪丽娜尔', '帕提古丽', '吐尔逊', '阿迪力', '依明', '约翰', '玛丽', '大卫', '安娜', '彼得', '露西'];
const DOT_LAST = ['买买提', '艾力', '吐尔逊', '阿不都拉', '热合曼', '依明', '沙吾提', '卡德尔', '史密斯', '布朗', '怀特', '格林'];

export type Sex = 'M' | 'F';

/** A realistic personal name: weighted surname, one- or two-character given name, rarely a dotted name. */
export function personName(rng: Rng, sex: Sex, dottedShare = 0.004): string {
  if (rng() < dottedShare) return `${pick(rng, DOT_FIRST)}·${pick(rng, DOT_LAST)}`;
  const surname = SURNAMES.draw(rng);
  const chars = sex === 'M' ? MALE_CHARS : FEMALE_CHARS;
  const r = rng();
  // About one person in six has a single-character given name; set names next; free pairs most.
  if (r < 0.16) return surname + pick(rng, chars);
  if (r < 0.24) return surname + pick(rng, sex === 'M' ? MALE_GIVEN : FEMALE_GIVEN);
  return surname + pick(rng, chars) + pick(rng, chars);
}

/**
 * Real county-level region codes (GB/T 2260), grouped by the city a branch serves, so a
 * branch's customers were mostly born nearby. `other` spreads the rest across the country.
 */
export const REGION_CODES = {
  shanghai: ['310101', '310104', '310105', '310106', '310107', '310109', '310110', '310112', '310113', '310115', '310116', '310117', '310118', '310120'],
  beijing: ['110101', '110102', '110105', '110106', '110107', '110108', '110109', '110111', '110112', '110113', '110114', '110115'],
  shenzhen: ['440303', '440304', '440305', '440306', '440307', '440308', '440106', '440104', '440105', '441900', '442000', '440604'],
  other: [
    '120101', '120103', '130102', '130104', '140105', '150102', '210102', '210202', '220102', '230102', '320102', '320106', '320583',
    '330102', '330106', '330782', '340104', '350102', '350203', '360102', '370102', '370202', '410105', '420102', '420106', '430102',
    '450103', '460106', '500103', '510104', '510107', '520102', '530102', '540102', '610103', '610113', '620102', '630103', '640104',
    '650102', '650103', '653101',
  ],
} as const;
export type RegionGroup = keyof typeof REGION_CODES;

/** Birth years 1940–2006, weighted towards the working-age people who hold most accounts. */
const BIRTH_YEARS = new Weighted(
  Array.from({ length: 2006 - 1940 + 1 }, (_, i) => {
    const y = 1940 + i;
    const w = y < 1950 ? 0.4 : y < 1960 ? 1 : y < 1995 ? 2.2 : y < 2000 ? 1.2 : 0.6;
    return [y, w] as const;
  }),
);

const DAY_MS = 86_400_000;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Civil date of a day number since 1970-01-01 (H. Hinnant's algorithm): integer math, no Date objects. */
export function civilFromDays(z0: number): { y: number; m: number; d: number } {
  const z = z0 + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** `Date#toISOString` for a millisecond time, without a Date: the demo formats millions of them. */
export function isoAt(ms: number): string {
  const t = Math.floor(ms);
  const day = Math.floor(t / DAY_MS);
  const { y, m, d } = civilFromDays(day);
  let r = t - day * DAY_MS;
  const hh = Math.floor(r / 3_600_000);
  r -= hh * 3_600_000;
  const mi = Math.floor(r / 60_000);
  r -= mi * 60_000;
  const ss = Math.floor(r / 1000);
  return `${y}-${pad2(m)}-${pad2(d)}T${pad2(hh)}:${pad2(mi)}:${pad2(ss)}.${pad3(r - ss * 1000)}Z`;
}

const ALL_REGIONS: readonly string[] = [...new Set(Object.values(REGION_CODES).flat())];
const REGION_INDEX = new Map(ALL_REGIONS.map((r, i) => [r, i]));
const EPOCH_1940 = Date.UTC(1940, 0, 1);
const EPOCH_1940_DAY = EPOCH_1940 / DAY_MS;
// Day numbers (since 1940-01-01) on which each year 1940–2007 starts.
const YEAR_START = Array.from({ length: 2007 - 1940 + 1 }, (_, i) => Math.round((Date.UTC(1940 + i, 0, 1) - EPOCH_1940) / DAY_MS));

/**
 * Valid 18-character resident IDs (birth dates 1940–2006, the sex's parity), unique across
 * the source. The key region × day × serial stays below 2^31, so the set holds small integers.
 */
export class ResidentIdSource {
  private readonly taken = new Set<number>();
  constructor(private readonly rng: Rng) {}
  next(region: string, sex: Sex): string {
    const ri = REGION_INDEX.get(region);
    if (ri === undefined) throw new Error('unknown region code');
    for (;;) {
      const year = BIRTH_YEARS.draw(this.rng);
      const start = YEAR_START[year - 1940]!;
      const day = start + randInt(this.rng, 0, YEAR_START[year - 1939]! - start - 1);
      // The 17th digit is odd for men, even for women.
      const serial = randInt(this.rng, 0, 99) * 10 + 2 * randInt(this.rng, 0, 4) + (sex === 'M' ? 1 : 0);
      const key = (ri * 25_000 + day) * 1000 + serial;
      if (this.taken.has(key)) continue;
      this.taken.add(key);
      const d = civilFromDays(EPOCH_1940_DAY + day);
      const first17 = `${region}${d.y}${pad2(d.m)}${pad2(d.d)}${pad3(serial)}`;
      return first17 + idCheckChar(first17);
    }
  }
}

/** Organisation code (GB 11714): eight characters and a check character. Digits only here. */
function orgCode(rng: Rng): string {
  const W = [3, 7, 9, 10, 5, 8, 4, 2];
  let body = '';
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = randInt(rng, 0, 9);
    body += String(v);
    sum += v * W[i]!;
  }
  const c = 11 - (sum % 11);
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

/** A valid unified social credit code: 91 (enterprise, company) + region + organisation code + check. */
export function uscc(rng: Rng, region: string): string {
  const first17 = `91${region}${orgCode(rng)}`;
  return first17 + usccCheckChar(first17)!;
}

const CITY_PREFIX = ['上海', '北京', '深圳', '杭州', '南京', '广州', '苏州', '成都', '武汉', '天津'];
const TRADE_NAMES = ['华信', '恒达', '鼎盛', '瑞丰', '宏远', '金石', '天成', '博源', '中科', '汇通', '长城', '新元', '德润', '嘉禾', '明泰', '盛世', '锦程', '元亨', '泓域', '睿达'];
const INDUSTRIES = ['科技', '投资管理', '贸易', '实业', '资产管理', '信息技术', '建设工程', '医药', '新能源', '电子', '私募基金管理', '文化传媒'];

export function companyName(rng: Rng): string {
  return `${pick(rng, CITY_PREFIX)}${pick(rng, TRADE_NAMES)}${pick(rng, INDUSTRIES)}${rng() < 0.8 ? '有限公司' : '股份有限公司'}`;
}

// Mobile prefixes in use by the three carriers (and virtual operators' 17x).
const MOBILE_PREFIXES = [
  130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151, 152, 153, 155, 156, 157, 158, 159,
  166, 170, 171, 173, 175, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 191, 193, 195, 198, 199,
];

const E8 = 100_000_000;
const E4 = 10_000;
/** A bijection on [0, 10^8) that looks random: affine, swap the 4-digit halves, affine again. */
function scramble8(x: number, a: number, b: number): number {
  let y = (x * 37_282_117 + a) % E8; // odd and not a multiple of 5: invertible mod 10^8
  y = (y % E4) * E4 + Math.floor(y / E4);
  return (y * 61_803_399 + b) % E8;
}

/**
 * Unique 11-digit mainland mobile numbers. Each prefix numbers its subscribers through a
 * bijection of a counter, so numbers never repeat and no set of a million numbers is kept.
 */
export class PhoneSource {
  private readonly used = new Uint32Array(MOBILE_PREFIXES.length);
  private readonly salt: { a: number; b: number }[];
  constructor(private readonly rng: Rng) {
    this.salt = MOBILE_PREFIXES.map(() => ({ a: randInt(rng, 0, E8 - 1), b: randInt(rng, 0, E8 - 1) }));
  }
  next(): string {
    for (;;) {
      const p = Math.floor(this.rng() * MOBILE_PREFIXES.length);
      const c = this.used[p]!;
      if (c >= E8) continue; // that prefix is exhausted (never, at demo sizes)
      this.used[p] = c + 1;
      const s = this.salt[p]!;
      return `${MOBILE_PREFIXES[p]!}${String(scramble8(c, s.a, s.b)).padStart(8, '0')}`;
    }
  }
}

/** A passport or Mainland Travel Permit number for the few customers without a resident ID. */
export function passportNo(rng: Rng): string {
  return `${pick(rng, ['E', 'EA', 'G', 'P'])}${String(randInt(rng, 0, 9_999_999)).padStart(7, '0')}${randInt(rng, 0, 9)}`;
}
export function permitNo(rng: Rng): string {
  return `${pick(rng, ['H', 'M'])}${String(randInt(rng, 0, 99_999_999)).padStart(8, '0')}`;
}

/** `YYYY-MM-DD` of a day number since 1970-01-01. */
export function dateOfDay(day: number): string {
  const { y, m, d } = civilFromDays(day);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** A birth date (day number since 1970-01-01) from the same year weights as resident IDs. */
export function birthDay(rng: Rng): number {
  const year = BIRTH_YEARS.draw(rng);
  const start = YEAR_START[year - 1940]!;
  return EPOCH_1940_DAY + start + randInt(rng, 0, YEAR_START[year - 1939]! - start - 1);
}

// Street addresses per branch city; the district comes first, as people write them.
const CITY_STREETS: Record<RegionGroup, { city: string; districts: readonly string[]; roads: readonly string[] }> = {
  shanghai: { city: '上海市', districts: ['浦东新区', '黄浦区', '徐汇区', '长宁区', '静安区', '普陀区', '闵行区', '宝山区'], roads: ['世纪大道', '张杨路', '南京西路', '淮海中路', '漕溪北路', '长寿路', '虹桥路', '陆家嘴环路'] },
  beijing: { city: '北京市', districts: ['西城区', '东城区', '朝阳区', '海淀区', '丰台区', '石景山区'], roads: ['金融大街', '复兴门内大街', '建国门外大街', '中关村大街', '长安街', '西直门外大街'] },
  shenzhen: { city: '深圳市', districts: ['福田区', '罗湖区', '南山区', '宝安区', '龙岗区'], roads: ['深南大道', '益田路', '福华路', '科技园路', '滨河大道', '红荔路'] },
  other: { city: '杭州市', districts: ['西湖区', '上城区', '拱墅区', '滨江区'], roads: ['文三路', '延安路', '解放路', '江南大道'] },
};

export function streetAddress(rng: Rng, region: RegionGroup): string {
  const c = CITY_STREETS[region];
  return `${c.city}${pick(rng, c.districts)}${pick(rng, c.roads)}${randInt(rng, 1, 2000)}号${randInt(rng, 1, 30)}栋${randInt(rng, 1, 32)}0${randInt(rng, 1, 8)}室`;
}

const MAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'sina.com', 'gmail.com', 'outlook.com', 'foxmail.com'];
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

/** A plausible personal e-mail: letters then digits at a common mainland provider. */
export function emailAddress(rng: Rng): string {
  let local = '';
  const letters = randInt(rng, 3, 8);
  for (let i = 0; i < letters; i++) local += LOWER[(rng() * 26) | 0]!;
  if (rng() < 0.7) local += String(randInt(rng, 1, 9999));
  return `${local}@${pick(rng, MAIL_DOMAINS)}`;
}
