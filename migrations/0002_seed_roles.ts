import type { Migration } from './types';

/**
 * Roles and their default grants (domain.md "Who uses it"). Frozen data: later modules add
 * their permissions in their own migrations.
 */
const GRANTS: Record<string, string[]> = {
  admin: ['users.read', 'users.manage', 'org.read', 'org.manage', 'audit.read', 'approvals.read', 'approvals.decide', 'settings.manage'],
  hq_analyst: ['customers.read', 'org.read', 'users.read'],
  branch_manager: ['customers.read', 'customers.write', 'customers.assign', 'customers.revealPii', 'users.read', 'org.read', 'audit.read', 'approvals.read', 'approvals.decide'],
  account_manager: ['customers.read', 'customers.write', 'customers.revealPii', 'org.read'],
  customer_service: ['customers.read', 'org.read'],
  compliance: ['customers.read', 'customers.revealPii', 'users.read', 'org.read', 'audit.read', 'approvals.read'],
  operator: ['customers.read', 'org.read'],
};

export const m0002: Migration = {
  version: 2,
  name: 'seed_roles',
  up(db) {
    const role = db.prepare('INSERT INTO roles (id, sort) VALUES (?, ?)');
    const grant = db.prepare('INSERT INTO role_permissions (role_id, permission) VALUES (?, ?)');
    Object.entries(GRANTS).forEach(([r, perms], i) => {
      role.run(r, i);
      for (const p of perms) grant.run(r, p);
    });
    const now = new Date(0).toISOString();
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run('idleLockMinutes', '10', now);
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run(
      'levelThresholdsFen',
      JSON.stringify({ silver: 5_000_000, gold: 50_000_000, platinum: 100_000_000, diamond: 500_000_000 }),
      now,
    );
  },
};
