import { useState, type ReactNode } from 'react';
import { Alert, Anchor, Badge, Button, Center, Group, List, Loader, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconArrowRight, IconFileText, IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ProductDto } from '../../src-shared/suitability/suitability.contract';
import { useRpcQuery } from '../data/useRpcQuery';
import { translateError } from '../i18n/translateMessage';
import { useFormat } from '../format/useFormat';
import { useCanHqData } from '../session/useCanHqData';
import { useJobProgress } from '../jobs/useJobProgress';
import { RiskLevelBadge } from './RiskLevelBadge';
import { ProductStatusBadge } from './ProductStatusBadge';
import { ProductFormModal } from './ProductFormModal';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

/** The cascade after a risk level rise: compliance reviews and tasks for every holder, as a job with progress. */
function CascadeProgress({ jobId, onClose }: { jobId: string; onClose(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const job = useJobProgress(jobId);
  const done = job?.status === 'done';
  const failed = job?.status === 'failed' || job?.status === 'cancelled';
  const pct = done ? 100 : job?.total ? Math.min(100, (job.done / job.total) * 100) : 0;
  const n = (k: string) => {
    const v = job?.result?.[k];
    return fmt.number(typeof v === 'number' ? v : 0);
  };
  const detail = done
    ? t('productUi.cascadeResult', { candidates: n('candidates'), reviews: n('reviews'), tasks: n('tasks') })
    : job?.total
      ? t('productUi.cascadeCount', { done: fmt.number(job.done), total: fmt.number(job.total) })
      : t('productUi.cascadeHint');
  return (
    <Alert
      color={failed ? 'red' : done ? 'green' : 'blue'}
      mb="md"
      title={t(done ? 'productUi.cascadeDone' : failed ? 'productUi.cascadeFailed' : 'productUi.cascadeRunning')}
      data-testid="cascade-progress"
      data-status={job?.status ?? 'queued'}
      withCloseButton={done || failed}
      onClose={onClose}
    >
      <Stack gap={6}>
        {!done && !failed && <Progress value={pct} animated />}
        <Text size="sm">{detail}</Text>
      </Stack>
    </Alert>
  );
}

/** One product: its terms, documents and risk level history; HQ edits it here. */
export function ProductPage({ id, onBack }: { id: string; onBack(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const canManage = useCanHqData('products.manage');
  const q = useRpcQuery('products.get', { id });
  const [editing, setEditing] = useState(false);
  const [cascadeJobId, setCascadeJobId] = useState<string | null>(null);

  const back = (
    <Anchor component="button" size="sm" onClick={onBack} mb="sm" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
      <IconArrowLeft size={14} /> {t('productUi.back')}
    </Anchor>
  );
  if (!q.data) {
    return (
      <>
        {back}
        {q.error ? (
          <Alert color="red">{translateError(q.error.rpc)}</Alert>
        ) : (
          <Center mih={300}>
            <Loader />
          </Center>
        )}
      </>
    );
  }
  const p: ProductDto = q.data.product;
  const history = q.data.riskHistory;

  return (
    <div data-testid="product-page" data-product-id={p.id}>
      {back}
      {cascadeJobId && <CascadeProgress key={cascadeJobId} jobId={cascadeJobId} onClose={() => setCascadeJobId(null)} />}
      <Paper withBorder radius="md" p="md" mb="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={6}>
            <Group gap="sm" align="baseline">
              <Title order={2} size="h3">
                {p.name}
              </Title>
              <Text ff="monospace" c="dimmed" size="sm">
                {p.code}
              </Text>
            </Group>
            <Group gap={6}>
              <RiskLevelBadge level={p.riskLevel} full />
              <Badge variant="outline" color="gray">
                {t(`suitability.productType.${p.type}`)}
              </Badge>
              <ProductStatusBadge status={p.status} />
            </Group>
          </Stack>
          {canManage && (
            <Button leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              {t('productUi.edit')}
            </Button>
          )}
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 4 }} mt="md" spacing="md" verticalSpacing="sm">
          <Field label={t('productUi.field.issuer')}>{p.issuer ?? '—'}</Field>
          <Field label={t('productUi.field.variety')}>{p.variety ? t(`customer.variety.${p.variety}`) : '—'}</Field>
          <Field label={t('productUi.field.horizon')}>{p.horizon ? t(`customer.investHorizon.${p.horizon}`) : '—'}</Field>
          <Field label={t('productUi.field.termDays')}>{p.termDays === null ? '—' : t('productUi.days', { n: fmt.number(p.termDays) })}</Field>
          <Field label={t('productUi.field.minAmount')}>{p.minAmountFen === null ? '—' : fmt.money(p.minAmountFen)}</Field>
          <Field label={t('productUi.field.saleStart')}>{p.saleStart ?? '—'}</Field>
          <Field label={t('productUi.field.saleEnd')}>{p.saleEnd ?? '—'}</Field>
          <Field label={t('productUi.field.updatedAt')}>{fmt.dateTime(p.updatedAt)}</Field>
        </SimpleGrid>
        <Stack gap={4} mt="md">
          <Text size="xs" c="dimmed">
            {t('productUi.field.documents')}
          </Text>
          {p.documents.length ? (
            <List size="sm" spacing={2} icon={<IconFileText size={14} />}>
              {p.documents.map((d) => (
                <List.Item key={d}>{d}</List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm">—</Text>
          )}
        </Stack>
      </Paper>

      <Title order={3} size="h5" mb="xs">
        {t('productUi.riskHistory')}
      </Title>
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <Table verticalSpacing="xs" horizontalSpacing="md" data-testid="risk-history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('productUi.history.at')}</Table.Th>
              <Table.Th>{t('productUi.history.change')}</Table.Th>
              <Table.Th>{t('productUi.history.by')}</Table.Th>
              <Table.Th>{t('productUi.history.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {history.map((h) => (
              <Table.Tr key={h.id}>
                <Table.Td>
                  <Text size="sm">{fmt.dateTime(h.at)}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    {h.from ? (
                      <>
                        <RiskLevelBadge level={h.from} />
                        <IconArrowRight size={14} />
                      </>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('productUi.history.initial')}
                      </Text>
                    )}
                    <RiskLevelBadge level={h.to} />
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{h.byName ?? '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{h.reason ?? '—'}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {history.length === 0 && (
          <Text size="sm" c="dimmed" ta="center" py="md">
            {t('productUi.history.empty')}
          </Text>
        )}
      </Paper>
      {editing && (
        <ProductFormModal
          product={p}
          onClose={() => setEditing(false)}
          onSaved={(_saved, jobId) => {
            setEditing(false);
            if (jobId) setCascadeJobId(jobId);
            q.reload();
          }}
        />
      )}
    </div>
  );
}
