import { useState } from 'react';
import { Anchor, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { WARN_DAYS_MAX, WARN_DAYS_MIN, type SyncStatusDto } from '../../src-shared/sync/sync.contract';
import { useFormat } from '../format/useFormat';
import { rpc } from '../platform/rpc';
import { showError } from '../i18n/showError';
import { useNavStore } from '../nav/useNavStore';
import { useCan } from '../session/useCan';

function Figure({ label, value, testId, hint }: { label: string; value: string; testId: string; hint?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="lg" fw={600} data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Stack>
  );
}

/** The node's own figures: parked ops by reason, the log's size, open conflicts, and the warning threshold (an administrator changes it). */
export function SyncFiguresCard({ status, canAdmin, onChanged }: { status: SyncStatusDto; canAdmin: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const go = useNavStore((s) => s.go);
  const canInbox = useCan('sync.conflicts');
  const [days, setDays] = useState<number | string>(status.warnDays);
  const [saving, setSaving] = useState(false);
  const parked = status.parked.drift + status.parked.table + status.parked.column;
  const parkedHint: string | undefined = parked
    ? [
        status.parked.drift ? t('syncUi.figures.parkedDrift', { count: status.parked.drift }) : null,
        status.parked.table + status.parked.column ? t('syncUi.figures.parkedSchema', { count: status.parked.table + status.parked.column }) : null,
      ]
        .filter((x): x is string => x !== null)
        .join(' · ')
    : undefined;
  const dirty = typeof days === 'number' && days !== status.warnDays;

  return (
    <Paper withBorder radius="md" p="md" data-testid="sync-figures">
      <Title order={3} size="h5" mb="sm">
        {t('syncUi.figures.title')}
      </Title>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        <Figure label={t('syncUi.figures.parked')} value={fmt.number(parked)} hint={parkedHint} testId="sync-parked" />
        <Figure label={t('syncUi.figures.logOps')} value={`≤ ${fmt.number(status.log.ops)}`} testId="sync-log-ops" />
        <Figure label={t('syncUi.figures.logHistory')} value={`≤ ${fmt.number(status.log.history)}`} testId="sync-log-history" />
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            {t('syncUi.figures.conflicts')}
          </Text>
          <Text size="lg" fw={600} c={status.conflictsOpen ? 'orange' : undefined} data-testid="sync-conflicts-open">
            {fmt.number(status.conflictsOpen)}
          </Text>
          {canInbox && (
            <Anchor component="button" size="xs" ta="left" onClick={() => go('conflicts')}>
              {t('syncUi.figures.openInbox')}
            </Anchor>
          )}
        </Stack>
      </SimpleGrid>
      <Group mt="md" gap="xs" align="flex-end" wrap="wrap">
        {canAdmin ? (
          <>
            <NumberInput
              label={t('syncUi.figures.warnDays')}
              description={t('syncUi.figures.warnDaysHint')}
              min={WARN_DAYS_MIN}
              max={WARN_DAYS_MAX}
              allowDecimal={false}
              clampBehavior="strict"
              value={days}
              onChange={setDays}
              w={260}
              size="sm"
            />
            <Button
              size="sm"
              variant="default"
              disabled={!dirty}
              loading={saving}
              onClick={() => {
                if (typeof days !== 'number') return;
                setSaving(true);
                rpc
                  .call('sync.settings.set', { warnDays: days })
                  .then(onChanged, showError)
                  .finally(() => setSaving(false));
              }}
            >
              {t('common.save')}
            </Button>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t('syncUi.figures.warnDaysIs', { days: status.warnDays })}
          </Text>
        )}
      </Group>
    </Paper>
  );
}
