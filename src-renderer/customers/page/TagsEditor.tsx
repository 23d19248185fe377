import { useState } from 'react';
import { Group, TagsInput, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { rpc } from '../../platform/rpc';
import { showError } from '../../i18n/showError';
import { useRpcQuery } from '../../data/useRpcQuery';

/** The customer's tags, edited in place: shown at once, saved with customers.setTags, rolled back if refused. */
export function TagsEditor({ customerId, tags, canEdit, onChange }: { customerId: string; tags: string[]; canEdit: boolean; onChange(tags: string[]): void }) {
  const { t } = useTranslation();
  const [focused, setFocused] = useState(false);
  const inUse = useRpcQuery('customers.tagsInUse', {}, { enabled: canEdit && focused });
  const suggestions = (inUse.data ?? []).map((x) => x.tag);

  const set = (next: string[]) => {
    const before = tags;
    onChange(next);
    rpc.call('customers.setTags', { id: customerId, tags: next }).then(onChange, (e: unknown) => {
      onChange(before);
      showError(e);
    });
  };

  if (!canEdit) {
    return (
      <Group gap={6}>
        <Text size="sm" c="dimmed">
          {t('customer.field.tags')}:
        </Text>
        <Text size="sm">{tags.length ? tags.join('、') : '—'}</Text>
      </Group>
    );
  }
  return (
    <TagsInput
      aria-label={t('customer.field.tags')}
      placeholder={tags.length ? '' : t('customer.tags.placeholder')}
      value={tags}
      onChange={set}
      data={suggestions}
      onFocus={() => setFocused(true)}
      maxTags={20}
      clearable={false}
      size="xs"
      variant="unstyled"
      leftSection={
        <Text size="xs" c="dimmed">
          {t('customer.field.tags')}
        </Text>
      }
      leftSectionWidth={48}
      data-testid="customer-tags"
    />
  );
}
