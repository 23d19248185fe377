import type { Migration } from './types';

/**
 * Each own key made by a rotation is endorsed by the key that signed before it: the signature
 * (`endorsement`, base64) by `endorsed_by` over the new key's public parts and this node's id.
 * Bundles carry the endorsements (manifest `keyChain`), so a peer that missed the bundle
 * announcing a rotation (restored from a backup) can still check the new key from one it holds
 * (src-main/sync/node.ts `endorsedSigner`). Keys made before this version have none.
 */
export const m0016: Migration = {
  version: 16,
  name: 'key_endorsements',
  up(db) {
    db.exec(`ALTER TABLE sync_keys ADD COLUMN endorsed_by TEXT;
ALTER TABLE sync_keys ADD COLUMN endorsement TEXT;`);
  },
};
