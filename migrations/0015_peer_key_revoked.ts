import type { Migration } from './types';

/**
 * A peer's key retired because HQ revoked it (a stolen laptop: `sync.peers.retireKey`, or the
 * whole branch retired) rather than because the peer rotated it out. A bundle signed by a key
 * rotated out that brings nothing new is a harmless late copy, answered as a duplicate; one
 * signed by a revoked key is always refused (src-main/sync/apply.ts checkBundle).
 */
export const m0015: Migration = {
  version: 15,
  name: 'peer_key_revoked',
  up(db) {
    db.exec(`ALTER TABLE sync_peer_keys ADD COLUMN revoked INTEGER NOT NULL DEFAULT 0;`);
  },
};
