import { Alert, Button, Group, Paper, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { IMPORT_KINDS, type ImportKind } from '../../src-shared/imports/imports.contract';
import type { FileInfo } from '../../src-shared/files/files.contract';
import { showError } from '../i18n/showError';
import { useFormat } from '../format/useFormat';
import { useImportWizardStore } from './useImportWizardStore';
import { useImportInspect } from './useImportInspect';
import { chooseOpenFile } from './chooseOpenFile';
import { importText } from './importText';
import { useCanHqData } from '../session/useCanHqData';
import { useSessionStore } from '../session/useSessionStore';

const EXTENSIONS = ['xlsx', 'xls', 'csv'] as const;
const isKind = (v: string): v is ImportKind => (IMPORT_KINDS as readonly string[]).includes(v);

/** Step 1: what is being imported, and from which file. Choosing a file reads it (inspect) and moves on to the mapping. */
export function ImportSourceStep() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { kind, file, inspected, setKind, setFile, goTo } = useImportWizardStore();
  const inspect = useImportInspect();
  // Products are HQ master data: offered to who may save them (main refuses anyone else's import).
  const hqStaff = useSessionStore((s) => s.session !== null && s.session.scope === 'all' && s.session.user.orgKind === 'hq');
  const mayProducts = useCanHqData('products.manage');
  const canProducts = hqStaff && mayProducts;
  const kinds = IMPORT_KINDS.filter((k) => k !== 'products' || canProducts);

  const choose = async () => {
    inspect.clearError();
    let chosen: FileInfo | null;
    try {
      chosen = await chooseOpenFile(EXTENSIONS);
    } catch (e) {
      showError(e);
      return;
    }
    if (!chosen) return;
    setFile(chosen);
    if (await inspect.run(kind, chosen, useImportWizardStore.getState().read)) goTo('mapping');
  };

  return (
    <Stack gap="md">
      <Radio.Group
        value={kind}
        onChange={(v) => {
          if (!isKind(v)) return;
          setKind(v);
          inspect.clearError();
          // The same file read for another kind: its headers map to other fields.
          if (file) void inspect.run(v, file, useImportWizardStore.getState().read);
        }}
        label={t('importUi.source.kind')}
        description={t('importUi.source.kindHint')}
      >
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" mt="xs">
          {kinds.map((k) => (
            <Radio.Card key={k} value={k} radius="md" p="md" data-testid={`kind-${k}`}>
              <Group wrap="nowrap" align="flex-start" gap="sm">
                <Radio.Indicator mt={2} />
                <div style={{ minWidth: 0 }}>
                  <Text fw={500} size="sm">
                    {importText.kind(k)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t(`importUi.kind.${k}.hint`)}
                  </Text>
                </div>
              </Group>
            </Radio.Card>
          ))}
        </SimpleGrid>
      </Radio.Group>
      <Paper withBorder radius="md" p="lg">
        <Group justify="space-between" wrap="wrap" gap="md">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <IconFileSpreadsheet size={28} stroke={1.5} style={{ flex: 'none' }} />
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} truncate data-testid="import-file-name">
                {file ? file.name : t('importUi.source.noFile')}
              </Text>
              <Text size="xs" c="dimmed">
                {file && file.size !== null ? t('importUi.source.size', { size: fmt.number(Math.max(1, Math.round(file.size / 1024))) }) : t('importUi.source.formats')}
              </Text>
            </div>
          </Group>
          <Group gap="sm">
            {file && !inspect.error && (
              <Button variant="default" onClick={() => goTo('mapping')} disabled={inspect.busy || !inspected}>
                {t('importUi.next')}
              </Button>
            )}
            <Button leftSection={<IconUpload size={16} />} onClick={() => void choose()} loading={inspect.busy}>
              {file ? t('importUi.source.chooseOther') : t('importUi.source.choose')}
            </Button>
          </Group>
        </Group>
      </Paper>
      {inspect.error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('importUi.source.refused', { name: file?.name ?? '' })} data-testid="import-refused">
          {inspect.error}
        </Alert>
      )}
    </Stack>
  );
}
