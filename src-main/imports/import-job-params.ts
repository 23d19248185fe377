import type { Locale } from '../../src-shared/i18n/catalogues';
import type { JobScope } from '../jobs/job-types';

/**
 * The import jobs' parameters (job-types.ts merges them into JobParams). The file's path
 * travels here (workerData, memory only), never in a table: handles, and the paths behind
 * them, live only as long as the process that issued them.
 */
type Common = {
  importId: string;
  /** The importing user's data scope and branch, fixed when the job starts. */
  scope: JobScope;
  userBranchId: string;
};
export type ImportJobParams = {
  /** `headerSig`: the header the mapping was made for (null: not checked). */
  'imports.preview': Common & { path: string; saveTemplateAs: string | null; locale: Locale; headerSig: string | null };
  'imports.apply': Common & { path: string };
  /** `from`: the status to go back to if the undo fails (an interrupted apply stays `applying`). */
  'imports.undo': Common & { from: 'applied' | 'applying' };
};
