import type { CustomersTable } from '../db/schema';

/**
 * A customer field key (as the contract and the import name it) → the customers column that
 * stores it as it is. Merge and import write customers by these keys; the manager is not here
 * (merge copies `manager_id`; the import looks a manager up by login or name).
 */
export const CUSTOMER_FIELD_COLUMNS = {
  customerNo: 'customer_no',
  name: 'name',
  kind: 'kind',
  idType: 'id_type',
  idNo: 'id_no',
  gender: 'gender',
  birthDate: 'birth_date',
  idExpiry: 'id_expiry',
  nationality: 'nationality',
  occupation: 'occupation',
  education: 'education',
  incomeBand: 'income_band',
  address: 'address',
  phone: 'phone',
  phone2: 'phone2',
  email: 'email',
  wechat: 'wechat',
  openDate: 'open_date',
  sourceChannel: 'source_channel',
  investExperience: 'invest_experience',
  investHorizon: 'invest_horizon',
  preferredVarieties: 'preferred_varieties',
  investorCategory: 'investor_category',
  riskLevel: 'risk_level',
  riskAssessedAt: 'risk_assessed_at',
  riskExpiresAt: 'risk_expires_at',
  level: 'level',
  status: 'status',
  notes: 'notes',
} as const satisfies Record<string, keyof CustomersTable>;
