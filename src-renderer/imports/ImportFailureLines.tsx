import { Text } from '@mantine/core';
import type { ImportRunDto } from '../../src-shared/imports/imports.contract';
import type { JobProgress } from '../jobs/useJobProgress';
import { importText } from './importText';

/** Why a run failed (the run's own reason, else why its job stopped) and its warnings, a line each. */
export function ImportFailureLines({ run, ended }: { run: ImportRunDto; ended: JobProgress | null }) {
  return (
    <>
      {run.failure ? <Text size="sm">{importText.message(run.failure)}</Text> : ended?.status === 'failed' && <Text size="sm">{importText.jobFailure(ended)}</Text>}
      {run.warnings.map((w, i) => (
        <Text key={i} size="sm">
          {importText.message(w)}
        </Text>
      ))}
    </>
  );
}
