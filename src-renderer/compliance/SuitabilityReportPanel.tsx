import { Alert, Center, Group, Loader, Paper, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SuitabilityReportRowDto } from '../../src-shared/suitability/suitability.contract';
import { useRpcQuery } from '../data/useRpcQuery';
import { translateError } from '../i18n/translateMessage';
import { useFormat } from '../format/useFormat';
import { SuitabilityExportButton } from './SuitabilityExportButton';

const COLS = ['customers', 'assessed', 'expired', 'missing', 'lowest', 'professional', 'pendingReviews', 'recAllowed', 'recWarn', 'recApproved'] as const satisfies readonly (keyof SuitabilityReportRowDto)[];

/** The per-branch suitability report (适当性报表) over the caller's scope, with a total row. */
export function SuitabilityReportPanel({ branchId }: { branchId: string | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const report = useRpcQuery('suitability.report', branchId ? { branchId } : {});
  const rows = report.data?.rows ?? [];
  const total = Object.fromEntries(COLS.map((c) => [c, rows.reduce((s, r) => s + r[c], 0)])) as Record<(typeof COLS)[number], number>;

  return (
    <>
      <Group mb="md" justify="space-between">
        <Text size="sm" c="dimmed">
          {report.data ? t('complianceUi.report.asOf', { at: report.data.asOf.length === 10 ? report.data.asOf : fmt.dateTime(report.data.asOf) }) : ''}
        </Text>
        <SuitabilityExportButton view="report" branchId={branchId} />
      </Group>
      {report.error && (
        <Alert color="red" mb="md">
          {translateError(report.error.rpc)}
        </Alert>
      )}
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <Table.ScrollContainer minWidth={1000}>
          <Table verticalSpacing="sm" horizontalSpacing="md" striped data-testid="suitability-report">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('complianceUi.queue.col.branch')}</Table.Th>
                {COLS.map((c) => (
                  <Table.Th key={c} ta="right">
                    {t(`complianceUi.report.col.${c}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.branchId}>
                  <Table.Td>
                    <Text size="sm">{r.branchName}</Text>
                  </Table.Td>
                  {COLS.map((c) => (
                    <Table.Td key={c} ta="right">
                      <Text size="sm" c={(c === 'expired' || c === 'pendingReviews') && r[c] > 0 ? 'red' : undefined}>
                        {fmt.number(r[c])}
                      </Text>
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
            {rows.length > 1 && (
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th>{t('complianceUi.report.total')}</Table.Th>
                  {COLS.map((c) => (
                    <Table.Th key={c} ta="right">
                      {fmt.number(total[c])}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Tfoot>
            )}
          </Table>
        </Table.ScrollContainer>
        {report.loading && !report.data && (
          <Center py="xl">
            <Loader size="sm" />
          </Center>
        )}
      </Paper>
    </>
  );
}
