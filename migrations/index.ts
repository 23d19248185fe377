import type { Migration } from './types';
import { m0001 } from './0001_init';
import { m0002 } from './0002_seed_roles';
import { m0003 } from './0003_customer360';

/** Imported explicitly (no directory scan) so it works inside a packaged app. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
