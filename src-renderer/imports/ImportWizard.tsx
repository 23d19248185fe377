import { Stepper } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useImportWizardStore, type WizardStep } from './useImportWizardStore';
import { ImportSourceStep } from './ImportSourceStep';
import { ImportMappingStep } from './ImportMappingStep';
import { ImportPreviewStep } from './ImportPreviewStep';
import { ImportApplyStep } from './ImportApplyStep';

const STEPS: readonly WizardStep[] = ['source', 'mapping', 'preview', 'apply'];

/** Import in four steps: kind and file → mapping → dry run with counts and errors → import. */
export function ImportWizard({ onShowHistory }: { onShowHistory(): void }) {
  const { t } = useTranslation();
  const step = useImportWizardStore((s) => s.step);
  return (
    <Stepper active={STEPS.indexOf(step)} allowNextStepsSelect={false} size="sm" data-testid="import-wizard" data-step={step}>
      <Stepper.Step label={t('importUi.step.source')} description={t('importUi.step.sourceHint')}>
        <ImportSourceStep />
      </Stepper.Step>
      <Stepper.Step label={t('importUi.step.mapping')} description={t('importUi.step.mappingHint')}>
        <ImportMappingStep />
      </Stepper.Step>
      <Stepper.Step label={t('importUi.step.preview')} description={t('importUi.step.previewHint')}>
        <ImportPreviewStep />
      </Stepper.Step>
      <Stepper.Step label={t('importUi.step.apply')} description={t('importUi.step.applyHint')}>
        <ImportApplyStep onShowHistory={onShowHistory} />
      </Stepper.Step>
    </Stepper>
  );
}
