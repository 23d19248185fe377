import type { ReactNode } from 'react';
import { Group, Title } from '@mantine/core';

/** A page's heading row: title on the left, its main actions on the right. */
export function PageTitle({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Group justify="space-between" mb="md" wrap="wrap" gap="sm">
      <Title order={2} size="h3">
        {title}
      </Title>
      {children && <Group gap="sm">{children}</Group>}
    </Group>
  );
}
