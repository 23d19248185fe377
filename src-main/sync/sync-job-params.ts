/** The sync jobs' parameters (job-types.ts merges them into JobParams). Paths travel here, never in a table. */
export type SyncJobParams = {
  /** Write a bundle for one peer to `path`, or (peerId null, HQ) one per active branch into `dir`. */
  'sync.export': { peerId: string | null; path: string | null; dir: string | null };
  /** Receive one bundle file. */
  'sync.import': { path: string };
};
