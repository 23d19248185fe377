import { describe, expect, it } from 'vitest';
import type { Db } from '../../src-main/db/open';
import { writeTxSync } from '../../src-main/db/tx';
import { runSimulation, Rng, Simulation, SimulationFailure } from './simulation';

/**
 * The deterministic sync simulation (simulation.ts) in CI: HQ and five branches, random work
 * through the real handlers, a lossy network, skewed clocks; then quiesce and check routes,
 * holdings, equality, the conflict inbox and the oracle log.
 *
 * CI runs a few hundred steps per seed; `BD_SIM_SEED=<n>[,<n>…]` replays seeds (a failure
 * names its seed and step), `BD_SIM_STEPS=<n>` changes the length. Longer runs:
 * `npm run bench -- --only sync.simulation`.
 */
const steps = Number(process.env.BD_SIM_STEPS ?? 400);
const seeds = process.env.BD_SIM_SEED ? process.env.BD_SIM_SEED.split(',').map(Number) : [1, 2];

class Undo extends Error {}

/** Plant a fault in one database (uncaptured, as a bug would), run `then`, and roll the fault back. */
function withFault(db: Db, plant: (sql: (s: string, ...p: unknown[]) => void) => void, then: () => void): void {
  try {
    db.sqlite.transaction(() => {
      writeTxSync(db, 'fault', () => plant((s, ...p) => void db.sqlite.prepare(s).run(...p)), 'uncaptured');
      then();
      throw new Undo();
    })();
  } catch (e) {
    if (!(e instanceof Undo)) throw e;
  }
}

describe('sync simulation', () => {
  it('the PRNG replays the same sequence for a seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 5 }, () => a.int(0, 1_000_000));
    expect(Array.from({ length: 5 }, () => b.int(0, 1_000_000))).toEqual(xs);
    expect(new Rng(43).int(0, 1_000_000)).not.toBe(xs[0]);
  });

  for (const seed of seeds) {
    it(`seed ${seed}, ${steps} steps: every route delivered, holdings by the routing rules, equal field by field, every concurrent loser in an inbox, no edit lost`, async () => {
      const r = await runSimulation({ seed, steps });
      // The run did what it claims: work on every kind of path, a lossy network, conflicts to check.
      expect(r.actions['branch.update'] ?? 0).toBeGreaterThan(0);
      expect(r.actions['branch.merge'] ?? 0).toBeGreaterThan(0);
      expect(r.actions['hq.move'] ?? 0).toBeGreaterThan(0);
      expect(r.network.dropped).toBeGreaterThan(0);
      expect(r.network.duplicates).toBeGreaterThan(0);
      expect(r.apply.purged).toBeGreaterThan(0);
      expect(r.concurrentPairs).toBeGreaterThan(0);
      expect(r.loggedEdits).toBeGreaterThan(steps);
      expect(r.rowsCompared).toBeGreaterThan(0);
    }, 110_000);
  }

  it('each check fails on a fault planted after the run, naming the seed', async () => {
    const sim = await Simulation.create({ seed: 3, steps: 120 });
    try {
      await sim.play();
      const dbs = sim.databases();
      const hq = dbs.get('hq')!;
      const b1 = dbs.get('b1')!;
      const fails = (pattern: RegExp) => () => {
        let err: unknown = null;
        try {
          sim.verify();
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(SimulationFailure);
        expect((err as SimulationFailure).message).toMatch(/seed 3, step final/);
        expect((err as SimulationFailure).message).toMatch(pattern);
      };
      // A customer of b1 that some op wrote (a fixture row without ops has nothing for check 5 to compare).
      const mine = hq.sqlite
        .prepare(`SELECT o.row_id FROM sync_ops o JOIN customers c ON c.id = o.row_id WHERE o.tbl = 'customers' AND o.kind = 'insert' AND c.branch_id = ? ORDER BY o.hlc LIMIT 1`)
        .pluck()
        .get(sim.orgOf('b1')) as string;
      // 1. A route not delivered.
      withFault(b1, (sql) => sql(`UPDATE sync_links SET out_seq = out_seq + 1`), fails(/route b1→hq not delivered/));
      // 2. A branch lacks a row it should hold.
      withFault(b1, (sql) => sql(`DELETE FROM customers WHERE id = ?`, mine), fails(/b1 lacks customers/));
      // 3. A branch's copy differs from HQ's.
      withFault(b1, (sql) => sql(`UPDATE customers SET phone = '19900000000' WHERE id = ?`, mine), fails(/b1's customers .* differs from HQ's: phone/));
      // 4. A concurrent loser in no inbox.
      withFault(hq, (sql) => sql(`DELETE FROM sync_conflicts`), fails(/no inbox holds the loser/));
      // 5. Every node agrees on a value no op wrote.
      withFault(hq, (sql) => sql(`UPDATE customers SET phone = '19900000000' WHERE id = ?`, mine), () =>
        withFault(b1, (sql) => sql(`UPDATE customers SET phone = '19900000000' WHERE id = ?`, mine), fails(/phone at HQ is "19900000000", but the newest op/)),
      );
      // Faults undone: the run checks out.
      sim.verify();
    } finally {
      sim.close();
    }
  }, 110_000);
});
