import { describe, expect, it } from 'vitest';
import { checkSuitability, levelCovers, productOnSale, type RuleCustomer, type RuleProduct } from '../../src-shared/suitability/rules';
import { PRODUCT_RISK_LEVELS, RECOMMENDATION_KINDS, ASSESSMENT_STATUSES, type ProductRiskLevel } from '../../src-shared/suitability/suitability-fields';
import { RISK_LEVELS, INVEST_HORIZONS } from '../../src-shared/customers/customer-fields';

const TODAY = '2025-06-01';
const product = (level: ProductRiskLevel, extra: Partial<RuleProduct> = {}): RuleProduct => ({ level, status: 'on_sale', saleStart: null, saleEnd: null, horizon: null, variety: null, ...extra });
const customer = (extra: Partial<RuleCustomer> = {}): RuleCustomer => ({
  category: 'ordinary',
  kind: 'individual',
  level: 'C3',
  lowest: false,
  assessment: 'valid',
  elderly: false,
  horizon: null,
  preferredVarieties: [],
  ...extra,
});

describe('the suitability rule: named cases from the decision table', () => {
  it('product level within the customer level is allowed, for both kinds', () => {
    for (const kind of RECOMMENDATION_KINDS) expect(checkSuitability(customer({ level: 'C3' }), product('R3'), kind, TODAY)).toEqual({ outcome: 'allowed', reasons: [], requiresAck: false, requiresApproval: false });
  });

  it('a product above the customer level is blocked as a recommendation and warned when the customer insists', () => {
    expect(checkSuitability(customer({ level: 'C2' }), product('R3'), 'recommend', TODAY)).toEqual({ outcome: 'blocked', reasons: ['risk_exceeds'], requiresAck: false, requiresApproval: false });
    expect(checkSuitability(customer({ level: 'C2' }), product('R3'), 'customer_initiated', TODAY)).toEqual({ outcome: 'warn', reasons: ['risk_exceeds'], requiresAck: true, requiresApproval: false });
  });

  it('lowest-risk-tolerance customers get R1 only, and nothing overrides it', () => {
    const lowest = customer({ level: 'C1', lowest: true, elderly: true });
    expect(checkSuitability(lowest, product('R1'), 'recommend', TODAY).outcome).toBe('allowed');
    for (const level of ['R2', 'R3', 'R4', 'R5'] as const) {
      for (const kind of RECOMMENDATION_KINDS) {
        const r = checkSuitability(lowest, product(level), kind, TODAY);
        expect(r.outcome, `${level} ${kind}`).toBe('blocked');
        expect(r.reasons).toContain('lowest_only_r1');
        expect(r.reasons).not.toContain('risk_exceeds');
      }
    }
  });

  it('an expired or missing assessment blocks both kinds', () => {
    expect(checkSuitability(customer({ assessment: 'expired' }), product('R1'), 'customer_initiated', TODAY)).toEqual({ outcome: 'blocked', reasons: ['assessment_expired'], requiresAck: false, requiresApproval: false });
    expect(checkSuitability(customer({ assessment: 'missing', level: null }), product('R1'), 'recommend', TODAY)).toEqual({ outcome: 'blocked', reasons: ['assessment_missing'], requiresAck: false, requiresApproval: false });
  });

  it('R4–R5 to an elderly investor needs approval; with a mismatch the customer insists on, the warning as well', () => {
    expect(checkSuitability(customer({ level: 'C5', elderly: true }), product('R5'), 'customer_initiated', TODAY)).toEqual({ outcome: 'needs_approval', reasons: ['elderly_high_risk'], requiresAck: false, requiresApproval: true });
    expect(checkSuitability(customer({ level: 'C4', elderly: true }), product('R5'), 'customer_initiated', TODAY)).toEqual({ outcome: 'needs_approval', reasons: ['risk_exceeds', 'elderly_high_risk'], requiresAck: true, requiresApproval: true });
    expect(checkSuitability(customer({ level: 'C4', elderly: true }), product('R5'), 'recommend', TODAY).outcome).toBe('blocked');
    expect(checkSuitability(customer({ level: 'C5', elderly: true }), product('R3'), 'recommend', TODAY).outcome).toBe('allowed');
    // An institution is never "elderly".
    expect(checkSuitability(customer({ level: 'C5', elderly: true, kind: 'institution' }), product('R5'), 'recommend', TODAY).outcome).toBe('allowed');
  });

  it('professional investors may be sold any level, without assessment, matching or elderly approval', () => {
    const pro = customer({ category: 'professional', level: null, assessment: 'missing', elderly: true, horizon: 'short', preferredVarieties: ['bond'] });
    for (const level of PRODUCT_RISK_LEVELS) for (const kind of RECOMMENDATION_KINDS) expect(checkSuitability(pro, product(level, { horizon: 'long', variety: 'fund' }), kind, TODAY).outcome).toBe('allowed');
  });

  it('horizon and variety are matched only where both are known', () => {
    const c = customer({ level: 'C5', horizon: 'medium', preferredVarieties: ['fund', 'bond'] });
    expect(checkSuitability(c, product('R1', { horizon: 'long' }), 'recommend', TODAY).reasons).toEqual(['horizon_mismatch']);
    expect(checkSuitability(c, product('R1', { horizon: 'short' }), 'recommend', TODAY).outcome).toBe('allowed');
    expect(checkSuitability(c, product('R1', { horizon: 'medium' }), 'recommend', TODAY).outcome).toBe('allowed');
    expect(checkSuitability(c, product('R1', { variety: 'wealth' }), 'recommend', TODAY).reasons).toEqual(['variety_mismatch']);
    expect(checkSuitability(c, product('R1', { variety: 'wealth' }), 'customer_initiated', TODAY)).toEqual({ outcome: 'warn', reasons: ['variety_mismatch'], requiresAck: true, requiresApproval: false });
    expect(checkSuitability(customer({ horizon: null, preferredVarieties: [] }), product('R1', { horizon: 'long', variety: 'wealth' }), 'recommend', TODAY).outcome).toBe('allowed');
  });

  it('a product outside its sale window or not on sale is blocked for everyone, professional included', () => {
    expect(productOnSale({ status: 'on_sale', saleStart: '2025-06-01', saleEnd: '2025-06-01' }, TODAY)).toBe(true);
    expect(productOnSale({ status: 'on_sale', saleStart: '2025-06-02', saleEnd: null }, TODAY)).toBe(false);
    expect(productOnSale({ status: 'on_sale', saleStart: null, saleEnd: '2025-05-31' }, TODAY)).toBe(false);
    expect(productOnSale({ status: 'suspended', saleStart: null, saleEnd: null }, TODAY)).toBe(false);
    expect(checkSuitability(customer({ category: 'professional' }), product('R1', { status: 'closed' }), 'customer_initiated', TODAY).reasons).toEqual(['product_not_on_sale']);
  });

  it('every code that applies is reported, blocking ones first', () => {
    const r = checkSuitability(customer({ level: 'C1', assessment: 'expired', horizon: 'short', preferredVarieties: ['bond'], elderly: true }), product('R5', { status: 'draft', horizon: 'long', variety: 'fund' }), 'customer_initiated', TODAY);
    expect(r).toEqual({ outcome: 'blocked', reasons: ['product_not_on_sale', 'assessment_expired', 'risk_exceeds', 'horizon_mismatch', 'variety_mismatch', 'elderly_high_risk'], requiresAck: false, requiresApproval: false });
  });
});

describe('the suitability rule: invariants over every combination', () => {
  const levels = [null, ...RISK_LEVELS] as const;
  const combos: { c: RuleCustomer; p: RuleProduct; kind: (typeof RECOMMENDATION_KINDS)[number] }[] = [];
  for (const category of ['ordinary', 'professional'] as const)
    for (const level of levels)
      for (const lowest of [false, true])
        for (const assessment of ASSESSMENT_STATUSES)
          for (const elderly of [false, true])
            for (const horizon of [null, ...INVEST_HORIZONS])
              for (const pv of [[], ['fund'], ['bond', 'stock']] as const)
                for (const pLevel of PRODUCT_RISK_LEVELS)
                  for (const pHorizon of [null, ...INVEST_HORIZONS])
                    for (const pVariety of [null, 'fund', 'bond'] as const)
                      for (const status of ['on_sale', 'suspended'] as const)
                        for (const kind of RECOMMENDATION_KINDS) {
                          if (lowest && level !== 'C1') continue; // scoring puts every lowest customer in C1
                          combos.push({
                            c: { category, kind: 'individual', level, lowest, assessment: level === null ? 'missing' : assessment, elderly, horizon, preferredVarieties: [...pv] },
                            p: { level: pLevel, status, saleStart: null, saleEnd: null, horizon: pHorizon, variety: pVariety },
                            kind,
                          });
                        }
  const results = combos.map((x) => ({ ...x, r: checkSuitability(x.c, x.p, x.kind, TODAY) }));

  it('covers the space', () => expect(results.length).toBeGreaterThan(100_000));

  it('a lowest-category customer is never allowed, warned or approved anything above R1', () => {
    const bad = results.filter((x) => x.c.category === 'ordinary' && x.c.lowest && x.p.level !== 'R1' && x.r.outcome !== 'blocked');
    expect(bad).toEqual([]);
  });

  it('an ordinary customer without a valid assessment is always blocked', () => {
    expect(results.filter((x) => x.c.category === 'ordinary' && x.c.assessment !== 'valid' && x.r.outcome !== 'blocked')).toEqual([]);
  });

  it('a product not on sale is always blocked', () => {
    expect(results.filter((x) => x.p.status !== 'on_sale' && x.r.outcome !== 'blocked')).toEqual([]);
  });

  it('a firm recommendation is never a warning, and never above the customer level', () => {
    expect(results.filter((x) => x.kind === 'recommend' && (x.r.outcome === 'warn' || x.r.requiresAck))).toEqual([]);
    expect(results.filter((x) => x.kind === 'recommend' && x.c.category === 'ordinary' && x.r.outcome !== 'blocked' && !levelCovers(x.c, x.p.level))).toEqual([]);
  });

  it('whatever is not blocked and above the level was insisted on, and carries the warning', () => {
    const above = results.filter((x) => x.r.outcome !== 'blocked' && x.c.category === 'ordinary' && !levelCovers(x.c, x.p.level));
    expect(above.length).toBeGreaterThan(0);
    expect(above.filter((x) => x.kind !== 'customer_initiated' || !x.r.requiresAck || !x.r.reasons.includes('risk_exceeds'))).toEqual([]);
  });

  it('R4–R5 to an elderly ordinary investor is never plain allowed or warned', () => {
    expect(results.filter((x) => x.c.category === 'ordinary' && x.c.elderly && ['R4', 'R5'].includes(x.p.level) && (x.r.outcome === 'allowed' || x.r.outcome === 'warn'))).toEqual([]);
  });

  it('professional investors are blocked only when the product is not on sale', () => {
    expect(results.filter((x) => x.c.category === 'professional' && x.r.outcome !== (x.p.status === 'on_sale' ? 'allowed' : 'blocked'))).toEqual([]);
  });

  it('flags agree with the outcome', () => {
    const bad = results.filter(
      (x) =>
        x.r.requiresApproval !== (x.r.outcome === 'needs_approval') ||
        (x.r.outcome === 'warn' && !x.r.requiresAck) ||
        ((x.r.outcome === 'allowed' || x.r.outcome === 'blocked') && x.r.requiresAck) ||
        (x.r.outcome !== 'allowed' && x.r.reasons.length === 0),
    );
    expect(bad).toEqual([]);
  });
});

describe('levelCovers (the cascade)', () => {
  it('professional always; lowest R1 only; otherwise R ≤ C; no level never', () => {
    expect(levelCovers({ category: 'professional', level: null, lowest: false }, 'R5')).toBe(true);
    expect(levelCovers({ category: 'ordinary', level: 'C1', lowest: true }, 'R1')).toBe(true);
    expect(levelCovers({ category: 'ordinary', level: 'C1', lowest: true }, 'R2')).toBe(false);
    expect(levelCovers({ category: 'ordinary', level: 'C3', lowest: false }, 'R3')).toBe(true);
    expect(levelCovers({ category: 'ordinary', level: 'C3', lowest: false }, 'R4')).toBe(false);
    expect(levelCovers({ category: 'ordinary', level: null, lowest: false }, 'R1')).toBe(false);
  });
});
