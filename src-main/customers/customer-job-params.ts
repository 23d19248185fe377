/** The customer module's job parameters (job-types.ts merges them into JobParams). */
export type CustomerJobParams = {
  /** The customers to move (all of one branch, checked when approved) and their new manager. */
  'customers.bulkAssign': { ids: string[]; managerId: string; branchId: string };
  /** The customers to move to `branchId` (checked when approved), and their manager there (null: unassigned). */
  'customers.transferBranch': { ids: string[]; branchId: string; managerId: string | null };
};
