import type { Sqlite } from '../suitability/suitability.queries';

/**
 * Open tasks about customers go with them to their new manager (null: unassigned, for the branch
 * to give out): the old one loses the customers from their scope, and the new one would get no
 * reminder of their own while one is open (suitability.jobs.ts makes none then). Done and
 * cancelled tasks keep who had them. `idsJson`: the customers' ids as a JSON array.
 */
export function handOverOpenTasks(sqlite: Sqlite, idsJson: string, managerId: string | null, now: string): void {
  sqlite
    .prepare(`UPDATE tasks SET owner_id = ?, updated_at = ? WHERE customer_id IN (SELECT value FROM json_each(?)) AND status = 'open' AND deleted_at IS NULL AND owner_id IS NOT ?`)
    .run(managerId, now, idsJson, managerId);
}
