import { useState } from 'react';
import { ActionIcon, Button, Group, Popover, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** A delete behind one confirmation, next to the row it removes. */
export function RemoveButton({ label, onConfirm }: { label: string; onConfirm(): Promise<void> }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} position="left" withArrow trapFocus>
      <Popover.Target>
        <ActionIcon variant="subtle" color="red" aria-label={label} onClick={() => setOpened((o) => !o)}>
          <IconTrash size={16} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="sm" mb="xs">
          {t('customer.remove.confirm')}
        </Text>
        <Group gap="xs" justify="flex-end">
          <Button size="xs" variant="default" onClick={() => setOpened(false)}>
            {t('common.cancel')}
          </Button>
          <Button
            size="xs"
            color="red"
            loading={busy}
            onClick={() => {
              setBusy(true);
              onConfirm().finally(() => {
                setBusy(false);
                setOpened(false);
              });
            }}
          >
            {t('customer.remove.do')}
          </Button>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
