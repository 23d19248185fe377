import type { Migration } from './types';

/**
 * Moving customers to another branch (`customers.transferBranch`, four-eyes, HQ's installation
 * only) is HQ's analysts' work: they see every branch's customers and staff. An installation
 * may grant it to another role (role_permissions), but the handler still wants HQ's scope.
 * The analyst also reads the approvals list, to follow (and cancel) their own requests.
 */
export const m0018: Migration = {
  version: 18,
  name: 'customer_transfer',
  up(db) {
    // OR IGNORE: an installation may have granted either by hand already.
    const grant = db.prepare('INSERT OR IGNORE INTO role_permissions (role_id, permission) VALUES (?, ?)');
    grant.run('hq_analyst', 'customers.transfer');
    grant.run('hq_analyst', 'approvals.read');
  },
};
