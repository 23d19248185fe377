import { v7 as uuidv7 } from 'uuid';
import { writeTxSync } from '../../src-main/db/tx';
import type { TestApp } from './app';

export type FixtureCustomer = {
  customerNo: string;
  name: string;
  idNo: string;
  idType?: 'resident_id' | 'passport' | 'hk_mo_tw_permit' | 'uscc';
  phone?: string | null;
  birthDate?: string | null;
  branchId: string;
  managerId?: string | null;
  deleted?: boolean;
  address?: string | null;
  email?: string | null;
};

/**
 * Insert customers straight into the table, uncaptured (a fixture is the starting state, not a
 * change anyone made), so tests of other features do not depend on customers.create.
 * Returns their ids in order.
 */
export function insertCustomers(t: TestApp, customers: FixtureCustomer[], at = '2024-01-02T03:04:05.000Z'): string[] {
  const ins = t.db.sqlite.prepare(
    `INSERT INTO customers (id, customer_no, name, id_type, id_no, phone, branch_id, manager_id, birth_date, address, email, created_at, updated_at, deleted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return writeTxSync(
    t.db,
    'test-fixture',
    () =>
      customers.map((c) => {
        const id = uuidv7();
        ins.run(id, c.customerNo, c.name, c.idType ?? 'resident_id', c.idNo, c.phone ?? null, c.branchId, c.managerId ?? null, c.birthDate ?? null, c.address ?? null, c.email ?? null, at, at, c.deleted ? at : null);
        return id;
      }),
    'uncaptured',
  );
}
