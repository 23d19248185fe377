import { Badge, Paper, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportKind, RowError } from '../../src-shared/imports/imports.contract';
import { importText } from './importText';

/**
 * The first row problems of a dry run: the file's row number, the column (or the field) and why;
 * an error keeps the row out, a warning does not (a phone shared with another customer) or
 * explains a skip (a later duplicate of an earlier row).
 */
export function ImportErrorTable({ kind, errors }: { kind: ImportKind; errors: readonly RowError[] }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={560} maxHeight={360} scrollAreaProps={{ offsetScrollbars: false }}>
        <Table verticalSpacing={6} horizontalSpacing="md" stickyHeader striped data-testid="import-errors">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>{t('importUi.errors.row')}</Table.Th>
              <Table.Th w={100}>{t('importUi.errors.severity')}</Table.Th>
              <Table.Th w="24%">{t('importUi.errors.column')}</Table.Th>
              <Table.Th>{t('importUi.errors.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {errors.map((e, i) => (
              <Table.Tr key={`${e.row}:${e.field ?? ''}:${i}`} data-row={e.row} data-severity={e.severity}>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {e.row}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={e.severity === 'error' ? 'red' : 'yellow'}>
                    {t(`importUi.errors.severity.${e.severity}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" truncate title={e.column ?? undefined}>
                    {e.column ?? (e.field ? importText.field(kind, e.field) : '—')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{importText.message(e.message)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
