import { Button, Checkbox, Popover, Stack } from '@mantine/core';
import { IconColumns3 } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { customerColumns, type ColumnId } from './customerColumns';

/** Which columns the table shows; the order stays the table's own. */
export function CustomerColumnChooser({ columns, onChange }: { columns: ColumnId[]; onChange(columns: ColumnId[]): void }) {
  const { t } = useTranslation();
  const toggle = (id: ColumnId, on: boolean) => {
    const next = new Set(columns);
    if (on) next.add(id);
    else next.delete(id);
    onChange(customerColumns.filter((c) => c.fixed || next.has(c.id)).map((c) => c.id));
  };
  return (
    <Popover position="bottom-end" shadow="md" withinPortal>
      <Popover.Target>
        <Button variant="default" leftSection={<IconColumns3 size={16} />}>
          {t('customers.columns')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={8} data-testid="column-chooser">
          {customerColumns.map((c) => (
            <Checkbox
              key={c.id}
              size="sm"
              label={t(`customers.col.${c.id}`)}
              checked={c.fixed || columns.includes(c.id)}
              disabled={c.fixed}
              onChange={(e) => toggle(c.id, e.currentTarget.checked)}
            />
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
