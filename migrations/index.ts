import type { Migration } from './types';
import { m0001 } from './0001_init';
import { m0002 } from './0002_seed_roles';
import { m0003 } from './0003_customer360';
import { m0004 } from './0004_search_count_indexes';
import { m0005 } from './0005_imports';
import { m0006 } from './0006_suitability';
import { m0007 } from './0007_sync';
import { m0008 } from './0008_sync_log_storage';
import { m0009 } from './0009_conflict_resolutions';
import { m0010 } from './0010_sync_ops_row_suffix';
import { m0011 } from './0011_undo_child_lookup';
import { m0012 } from './0012_import_undo_resume';
import { m0013 } from './0013_part_files';
import { m0014 } from './0014_staged_exports';
import { m0015 } from './0015_peer_key_revoked';
import { m0016 } from './0016_key_endorsements';
import { m0017 } from './0017_import_changes_parent';
import { m0018 } from './0018_customer_transfer';
import { m0019 } from './0019_customers_moved_away';

/** Imported explicitly (no directory scan) so it works inside a packaged app. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0015, m0016, m0017, m0018, m0019];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
