import { purgeExpiredReports } from '../imports/report';
import { refreshStaleAssets } from '../imports/changes';
import { sweepPartFiles } from '../files/part-files';
import { purgeStagedExportsHourly } from '../exports/staged-exports';
import type { Db } from '../db/open';
import { writeTxSync } from '../db/tx';
import { SessionManager } from '../auth/sessions';
import { FileHandles } from '../files/file-handles';
import { EventBus } from './events';
import { nodePlatform, type Platform } from '../platform/platform';
import { PERMISSIONS, type Permission, type Role } from '../../src-shared/auth/roles';
import { readSettings } from '../settings/settings.queries';
import type { SettingsDto } from '../../src-shared/settings/settings.contract';
import { JobRunner } from '../jobs/job-runner';

/**
 * Everything a dispatch needs, built once per process (app, test host, CLI, tests) around
 * one open database.
 */
export type AppContext = {
  db: Db;
  sessions: SessionManager;
  files: FileHandles;
  events: EventBus;
  /** Heavy work in worker threads with their own connection (src-main/jobs/README.md). */
  jobs: JobRunner;
  platform: Platform;
  now: () => Date;
  /** Validate handler outputs against the contract (tests and development). */
  validateOutput: boolean;
  grants: Map<Role, Set<Permission>>;
  settings: SettingsDto;
  reloadGrants(): void;
  reloadSettings(): Promise<void>;
};

export async function createAppContext(opts: {
  db: Db;
  /**
   * The database key (64 hex), so jobs can open their own connection to `db.file`. Without it
   * the context runs no jobs (they fail with INTERNAL `error.jobs.unavailable`).
   */
  dbKey?: string;
  platform?: Platform;
  now?: () => Date;
  validateOutput?: boolean;
}): Promise<AppContext> {
  const known = new Set<string>(PERMISSIONS);
  const loadGrants = (): Map<Role, Set<Permission>> => {
    const rows = opts.db.sqlite.prepare('SELECT role_id, permission FROM role_permissions').all() as { role_id: Role; permission: string }[];
    const m = new Map<Role, Set<Permission>>();
    for (const r of rows) {
      // A grant the code does not know (a newer database's) is ignored: deny by default.
      if (!known.has(r.permission)) continue;
      let set = m.get(r.role_id);
      if (!set) m.set(r.role_id, (set = new Set()));
      set.add(r.permission as Permission);
    }
    return m;
  };
  const events = new EventBus();
  const now = opts.now ?? (() => new Date());
  const files = new FileHandles();
  const ctx: AppContext = {
    db: opts.db,
    // A window's file handles are its signed-in user's: they go when the session ends.
    sessions: new SessionManager((clientId) => files.forgetClient(clientId)),
    files,
    events,
    jobs: new JobRunner({ db: opts.db, key: opts.dbKey ?? null, events, now }),
    platform: opts.platform ?? nodePlatform,
    now,
    validateOutput: opts.validateOutput ?? false,
    grants: loadGrants(),
    settings: await readSettings(opts.db.kysely),
    reloadGrants() {
      ctx.grants = loadGrants();
    },
    async reloadSettings() {
      ctx.settings = await readSettings(opts.db.kysely);
    },
  };
  // Housekeeping at start: import error reports past their keeping period (personal data), and
  // customers' assets a daily-assets import cut off by a crash left unrefreshed.
  purgeExpiredReports(opts.db.sqlite, opts.db.file, now());
  refreshStaleAssets(opts.db.sqlite, (fn) => writeTxSync(opts.db, 'system', fn, 'uncaptured'));
  // And the part files of exports and reports a killed process left half-written.
  sweepPartFiles(opts.db.sqlite);
  // And approved unmasked exports nobody saved in time (or saved already).
  purgeStagedExportsHourly(opts.db.sqlite, opts.db.file, now);
  return ctx;
}
