import type { AppContract } from '../../src-shared/contract';
import type { HandlersFor } from './types';
import { authHandlers } from '../auth/auth.handlers';
import { usersHandlers } from '../users/users.handlers';
import { orgHandlers } from '../org/org.handlers';
import { approvalsHandlers } from '../approvals/approvals.handlers';
import { auditHandlers } from '../audit/audit.handlers';
import { settingsHandlers } from '../settings/settings.handlers';
import { filesHandlers } from '../files/files.handlers';
import { customersHandlers } from '../customers/customers.handlers';
import { viewsHandlers } from '../views/views.handlers';
import { jobsHandlers } from '../jobs/jobs.handlers';
import { importsHandlers } from '../imports/imports.handlers';
import { exportsHandlers } from '../exports/exports.handlers';
import { suitabilityHandlers } from '../suitability/suitability.handlers';
import { bundlesHandlers } from '../sync/bundles.handlers';
import { syncHandlers } from '../sync/sync.handlers';

/** Every contract method's handler; a missing one is a compile error. */
export const handlers = {
  ...authHandlers,
  ...usersHandlers,
  ...orgHandlers,
  ...approvalsHandlers,
  ...auditHandlers,
  ...settingsHandlers,
  ...filesHandlers,
  ...customersHandlers,
  ...viewsHandlers,
  ...jobsHandlers,
  ...importsHandlers,
  ...exportsHandlers,
  ...suitabilityHandlers,
  ...bundlesHandlers,
  ...syncHandlers,
} satisfies HandlersFor<AppContract>;
