/**
 * The sync jobs' parameters (job-types.ts merges them into JobParams). They travel to the
 * worker in memory only (`workerData`; the jobs row keeps no params, see job-runner.ts), so
 * paths and the enrollment passphrase are never stored in a table.
 */
export type SyncJobParams = {
  /**
   * Write a bundle for one peer to `path`, or into `dir` under a generated name
   * (`BD_<from>_to_<peer>_<yyyyMMdd-HHmm>.bdsync`); with peerId null (HQ only), one bundle per
   * active branch into `dir`.
   */
  'sync.export': { peerId: string | null; path: string | null; dir: string | null };
  /** Receive one bundle file. */
  'sync.import': { path: string };
  /**
   * HQ: enroll a branch org unit and write its enrollment file to `path`, sealed with
   * `passphrase` (made by the handler and shown once to the caller; never logged or stored).
   */
  'sync.enroll': { branchId: string; path: string; passphrase: string };
};
