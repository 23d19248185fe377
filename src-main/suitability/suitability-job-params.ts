import type { JobScope } from '../jobs/job-types';

/** The suitability jobs' parameters (job-types.ts merges them into JobParams). */
export type SuitabilityJobParams = {
  /** A product's risk level rose (the `product_risk_changes` row): review holders and open recommendations. */
  'products.riskRise': { productId: string; riskChangeId: string };
  /** Create `reassess` tasks for assessments expiring within the lead days (a setting), within the starter's scope. */
  'suitability.expiring': { scope: JobScope };
  /** Recompute every assessed customer's derived risk fields. */
  'suitability.recompute': Record<string, never>;
  /** A compliance view to a file. The path travels here (memory only), never in a table. */
  'suitability.export': {
    view: 'reviews' | 'recommendations' | 'expired' | 'report';
    format: 'xlsx' | 'csv';
    path: string;
    scope: JobScope;
    branchId: string | null;
    /** Who asked, for the file's cover line. */
    userName: string;
  };
};
