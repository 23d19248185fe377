import type { Migration } from './types';
import { m0001 } from './0001_init';
import { m0002 } from './0002_seed_roles';

/** Imported explicitly (no directory scan) so it works inside a packaged app. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
