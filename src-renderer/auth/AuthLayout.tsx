import type { ReactNode } from 'react';
import { Box, Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBuildingBank } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import { ThemeToggle } from '../theme/ThemeToggle';

/** The frame of every signed-out screen: product name, language and theme, one card. */
export function AuthLayout({ title, children, width = 400 }: { title: string; children: ReactNode; width?: number }) {
  const { t } = useTranslation();
  return (
    <Box mih="100vh" bg="var(--mantine-color-body)" style={{ backgroundImage: 'linear-gradient(160deg, var(--mantine-color-indigo-light) 0%, transparent 55%)' }}>
      <Group justify="flex-end" p="md" gap="sm">
        <LanguageSwitch />
        <ThemeToggle />
      </Group>
      <Center px="md" pb="xl" mih="calc(100vh - 80px)">
        <Stack w="100%" maw={width} gap="lg">
          <Group gap="sm" justify="center" wrap="nowrap">
            <ThemeIcon size={44} radius="md" variant="filled">
              <IconBuildingBank size={26} />
            </ThemeIcon>
            <div>
              <Text fw={700} size="lg" lh={1.2}>
                {t('app.name')}
              </Text>
              <Text c="dimmed" size="xs">
                {t('app.tagline')}
              </Text>
            </div>
          </Group>
          <Paper withBorder shadow="sm" p="xl" radius="md">
            <Title order={3} mb="md">
              {title}
            </Title>
            {children}
          </Paper>
        </Stack>
      </Center>
    </Box>
  );
}
