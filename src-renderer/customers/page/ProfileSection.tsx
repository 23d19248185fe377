import type { ReactNode } from 'react';
import { Paper, SimpleGrid, Text, Title } from '@mantine/core';

export type ProfileItem = { key: string; label: string; value: ReactNode; span?: boolean };

/** One group of the profile: a titled card of label/value pairs, two columns where there is room. */
export function ProfileSection({ title, items }: { title: string; items: ProfileItem[] }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h6" mb="sm">
        {title}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing="sm">
        {items.map((i) => (
          <div key={i.key} style={i.span ? { gridColumn: '1 / -1' } : undefined} data-field={i.key}>
            <Text size="xs" c="dimmed">
              {i.label}
            </Text>
            {typeof i.value === 'string' || typeof i.value === 'number' ? (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {i.value === '' ? '—' : i.value}
              </Text>
            ) : (
              i.value
            )}
          </div>
        ))}
      </SimpleGrid>
    </Paper>
  );
}
