import { Button, Group, Text, Tooltip } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { PiiField } from '../../../src-shared/customers/customers.contract';
import { useCan } from '../../session/useCan';
import type { PiiReveal } from './usePiiReveal';

/** A personal-data value: masked as main sent it, with a reveal action for roles that may (audited). */
export function PiiValue({ field, masked, pii, label }: { field: PiiField; masked: string | null; pii: PiiReveal; label: string }) {
  const { t } = useTranslation();
  const canReveal = useCan('customers.revealPii');
  const shown = field in pii.revealed;
  const value = shown ? pii.revealed[field] : masked;
  if (!value) return <Text size="sm">—</Text>;
  return (
    <div>
      <Group gap={6} wrap="nowrap">
        <Text size="sm" ff="monospace" data-testid={`pii-${field}`} data-revealed={shown ? 'true' : 'false'} style={{ wordBreak: 'break-all' }}>
          {value}
        </Text>
        {canReveal && !shown && (
          <Tooltip label={t('customer.pii.revealTip')}>
            <Button size="compact-xs" variant="subtle" leftSection={<IconEye size={14} />} aria-label={t('customer.pii.reveal', { field: label })} loading={pii.busy === field} onClick={() => pii.reveal(field)}>
              {t('customer.pii.show')}
            </Button>
          </Tooltip>
        )}
      </Group>
      {shown && (
        <Text size="xs" c="dimmed">
          {t('customer.pii.recorded')}
        </Text>
      )}
    </div>
  );
}
