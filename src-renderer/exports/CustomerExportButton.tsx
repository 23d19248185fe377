import { useState } from 'react';
import { Button } from '@mantine/core';
import { IconFileExport } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../session/useCan';
import { CustomerExportDialog, type NamedBranch, type NamedManager } from './CustomerExportDialog';

/** The customer list's "导出" button and its dialog; shown to roles that may export. */
export function CustomerExportButton({ branches, managers }: { branches: readonly NamedBranch[] | null; managers: readonly NamedManager[] | null }) {
  const { t } = useTranslation();
  const can = useCan('exports.run');
  const [opened, setOpened] = useState(false);
  if (!can) return null;
  return (
    <>
      <Button variant="default" leftSection={<IconFileExport size={16} />} onClick={() => setOpened(true)} data-testid="export-open">
        {t('exportUi.button')}
      </Button>
      <CustomerExportDialog opened={opened} onClose={() => setOpened(false)} branches={branches} managers={managers} />
    </>
  );
}
