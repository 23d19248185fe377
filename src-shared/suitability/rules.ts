import type {
  AssessmentStatus,
  CustomerRiskLevel,
  Horizon,
  InvestorCategory,
  ProductRiskLevel,
  ProductStatus,
  RecommendationKind,
  RuleCode,
  SuitabilityOutcome,
  Variety,
} from './suitability-fields';

/**
 * The suitability rule (适当性匹配, domain.md "Investor suitability"): may this customer be sold
 * this product, and on what terms. Pure: the handlers feed it what the database says today and
 * enforce its answer; the UI shows the same answer through `suitability.check`.
 *
 * Decision table, for an ordinary (普通) investor. Each row adds its code when it applies; the
 * outcome is the strongest row that applied, in this order: blocked > needs_approval > warn >
 * allowed.
 *
 * | # | condition                                                       | recommend   | customer_initiated |
 * |---|-----------------------------------------------------------------|-------------|--------------------|
 * | 1 | product not on sale (status other than on_sale, or today outside the sale window) | blocked | blocked |
 * | 2 | no assessment (missing)                                          | blocked     | blocked            |
 * | 3 | assessment expired                                              | blocked     | blocked            |
 * | 4 | lowest-risk-tolerance (最低风险承受能力) and product above R1       | blocked     | blocked            |
 * | 5 | product level above customer level (R > C)                      | blocked     | warn               |
 * | 6 | horizon: product longer than the customer's, both known          | blocked     | warn               |
 * | 7 | variety: customer has preferred varieties and the product's is not among them, both known | blocked | warn |
 * | 8 | individual aged 70+ (elderly) and product R4 or R5              | needs_approval | needs_approval  |
 *
 * * Rows 2–4 are never overridden: not by the customer insisting (customer_initiated), not by a
 *   warning, not by an approval. A lowest-category customer may buy R1 only, whatever else.
 *   Row 5 is not reported for a lowest customer (row 4 already says it, more strictly).
 * * `warn` means: the customer insists on a mismatch; it may be recorded only with the signed
 *   risk warning (requiresAck) and goes to the compliance review queue.
 * * `needs_approval` combines with `warn`: an elderly customer insisting on an R5 product above
 *   their level needs the warning AND a second person (requiresAck and requiresApproval).
 *   An elderly customer with a C5 assessment buying R5 needs the approval only.
 * * Nothing above applies to a professional investor (专业投资者): they may be sold any level,
 *   without assessment, matching or elderly approval; only row 1 still applies.
 *
 * Every code that applies is reported (blocking codes first), so the person sees all of what is
 * wrong at once.
 */

export type RuleCustomer = {
  category: InvestorCategory;
  kind: 'individual' | 'institution';
  level: CustomerRiskLevel | null;
  lowest: boolean;
  assessment: AssessmentStatus;
  elderly: boolean;
  horizon: Horizon | null;
  preferredVarieties: readonly Variety[];
};

export type RuleProduct = {
  level: ProductRiskLevel;
  status: ProductStatus;
  /** The sale window, YYYY-MM-DD, inclusive; null: open on that side. */
  saleStart: string | null;
  saleEnd: string | null;
  horizon: Horizon | null;
  variety: Variety | null;
};

export type RuleResult = {
  outcome: SuitabilityOutcome;
  reasons: RuleCode[];
  requiresAck: boolean;
  requiresApproval: boolean;
};

const HORIZON_RANK: Record<Horizon, number> = { short: 0, medium: 1, long: 2 };
export const levelNumber = (l: CustomerRiskLevel | ProductRiskLevel): number => Number(l.slice(1));
/** R4 and R5 are high risk (an elderly investor's purchase needs a second person). */
export const isHighRisk = (l: ProductRiskLevel): boolean => levelNumber(l) >= 4;

/** Order of the codes in a result: blocking first, then mismatches, then the approval reason. */
const CODE_ORDER: readonly RuleCode[] = [
  'product_not_on_sale',
  'assessment_missing',
  'assessment_expired',
  'lowest_only_r1',
  'risk_exceeds',
  'horizon_mismatch',
  'variety_mismatch',
  'elderly_high_risk',
];

export function productOnSale(p: Pick<RuleProduct, 'status' | 'saleStart' | 'saleEnd'>, today: string): boolean {
  if (p.status !== 'on_sale') return false;
  if (p.saleStart !== null && today < p.saleStart) return false;
  if (p.saleEnd !== null && today > p.saleEnd) return false;
  return true;
}

export function checkSuitability(customer: RuleCustomer, product: RuleProduct, kind: RecommendationKind, today: string): RuleResult {
  const blocking: RuleCode[] = [];
  const mismatches: RuleCode[] = [];
  let approval = false;

  if (!productOnSale(product, today)) blocking.push('product_not_on_sale');

  if (customer.category === 'ordinary') {
    if (customer.assessment === 'missing' || customer.level === null) blocking.push('assessment_missing');
    else if (customer.assessment === 'expired') blocking.push('assessment_expired');

    if (customer.lowest && product.level !== 'R1') blocking.push('lowest_only_r1');
    else if (customer.level !== null && levelNumber(product.level) > levelNumber(customer.level)) mismatches.push('risk_exceeds');

    if (customer.horizon !== null && product.horizon !== null && HORIZON_RANK[product.horizon] > HORIZON_RANK[customer.horizon]) mismatches.push('horizon_mismatch');
    if (customer.preferredVarieties.length > 0 && product.variety !== null && !customer.preferredVarieties.includes(product.variety)) mismatches.push('variety_mismatch');

    approval = customer.kind === 'individual' && customer.elderly && isHighRisk(product.level);
  }

  // A recommendation the firm makes must match; only the customer's own insistence may be recorded with a warning.
  if (kind === 'recommend') blocking.push(...mismatches);
  const warned = kind === 'customer_initiated' ? mismatches : [];
  const reasons = [...new Set([...blocking, ...warned, ...(approval ? (['elderly_high_risk'] as const) : [])])].sort((a, b) => CODE_ORDER.indexOf(a) - CODE_ORDER.indexOf(b));

  if (blocking.length > 0) return { outcome: 'blocked', reasons, requiresAck: false, requiresApproval: false };
  const requiresAck = warned.length > 0;
  if (approval) return { outcome: 'needs_approval', reasons, requiresAck, requiresApproval: true };
  if (requiresAck) return { outcome: 'warn', reasons, requiresAck: true, requiresApproval: false };
  return { outcome: 'allowed', reasons, requiresAck: false, requiresApproval: false };
}

/**
 * Does a customer's risk tolerance still cover a product's level (the product-level-rise
 * cascade asks this of every holder)? Professional investors: always. Lowest category: R1
 * only. Otherwise R ≤ C; a customer without a level does not match.
 */
export function levelCovers(customer: Pick<RuleCustomer, 'category' | 'level' | 'lowest'>, productLevel: ProductRiskLevel): boolean {
  if (customer.category === 'professional') return true;
  if (customer.lowest) return productLevel === 'R1';
  return customer.level !== null && levelNumber(productLevel) <= levelNumber(customer.level);
}
