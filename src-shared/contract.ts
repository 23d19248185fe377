import { authContract } from './auth/auth.contract';
import { usersContract } from './users/users.contract';
import { orgContract } from './org/org.contract';
import { approvalsContract } from './approvals/approvals.contract';
import { auditContract } from './audit/audit.contract';
import { settingsContract } from './settings/settings.contract';
import { filesContract } from './files/files.contract';
import { customersContract } from './customers/customers.contract';
import { viewsContract } from './views/views.contract';
import { jobsContract } from './jobs/jobs.contract';
import { importsContract } from './imports/imports.contract';
import { exportsContract } from './exports/exports.contract';
import { suitabilityContract } from './suitability/suitability.contract';
import { bundlesContract } from './sync/bundles.contract';
import { syncContract } from './sync/sync.contract';
import type { CallOutputOf, InputOf } from './rpc/define';

/** Every RPC method of the app, merged from the feature contracts. Written once; all else derives from it. */
export const contract = {
  ...authContract,
  ...usersContract,
  ...orgContract,
  ...approvalsContract,
  ...auditContract,
  ...settingsContract,
  ...filesContract,
  ...customersContract,
  ...viewsContract,
  ...jobsContract,
  ...importsContract,
  ...exportsContract,
  ...suitabilityContract,
  ...bundlesContract,
  ...syncContract,
} as const;

export type AppContract = typeof contract;
export type Method = keyof AppContract;
export type MethodInput<M extends Method> = InputOf<AppContract[M]>;
export type MethodOutput<M extends Method> = CallOutputOf<AppContract[M]>;
export const METHOD_NAMES = Object.keys(contract).sort() as Method[];
