/**
 * Roles (domain.md "Who uses it") and the permission catalogue. The database holds the
 * role → permission grants (seeded by migrations, so an installation can adjust them);
 * this file holds the names, so a contract cannot name a permission that does not exist.
 */
export const ROLES = [
  'admin',
  'hq_analyst',
  'branch_manager',
  'account_manager',
  'customer_service',
  'compliance',
  'operator',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'customers.read',
  'customers.write',
  'customers.assign',
  'customers.transfer',
  'customers.revealPii',
  'customers.merge',
  'users.read',
  'users.manage',
  'org.read',
  'org.manage',
  'audit.read',
  'approvals.read',
  'approvals.decide',
  'settings.manage',
  'imports.run',
  'exports.run',
  'exports.unmasked',
  'products.read',
  'products.manage',
  'questionnaires.manage',
  'suitability.assess',
  'recommendations.write',
  'compliance.review',
  'sync.view',
  'sync.exchange',
  'sync.admin',
  'sync.conflicts',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Data scope: which customers a user may see. `own`: customers they manage; `branch`: their
 * branch's; `all`: every branch. A role's scope at a branch; anyone who sits at HQ sees all.
 */
export const DATA_SCOPES = ['own', 'branch', 'all'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

export const ROLE_BRANCH_SCOPE: Record<Role, DataScope> = {
  admin: 'all',
  hq_analyst: 'all',
  branch_manager: 'branch',
  account_manager: 'own',
  customer_service: 'branch',
  compliance: 'branch',
  operator: 'branch',
};

/** Roles that exist only at HQ, and roles that exist only at a branch. */
export const HQ_ONLY_ROLES: readonly Role[] = ['admin', 'hq_analyst'];
export const BRANCH_ONLY_ROLES: readonly Role[] = ['branch_manager', 'account_manager', 'customer_service'];

export function scopeFor(role: Role, orgKind: 'hq' | 'branch'): DataScope {
  if (orgKind === 'hq') return 'all';
  return ROLE_BRANCH_SCOPE[role];
}
