import { useState } from 'react';
import { Alert, Badge, Button, Group, Menu, ActionIcon, Paper, Table, Text, EmptyState, Center, Loader } from '@mantine/core';
import { IconDots, IconPlus, IconUserCheck, IconUserOff, IconUserShield, IconUsers } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { UserDto } from '../../src-shared/users/users.contract';
import { rpc } from '../platform/rpc';
import { useRpcQuery } from '../data/useRpcQuery';
import { showError } from '../i18n/showError';
import { translateError } from '../i18n/translateMessage';
import { useSessionStore } from '../session/useSessionStore';
import { useCan } from '../session/useCan';
import { useCanHqData } from '../session/useCanHqData';
import { useFormat } from '../format/useFormat';
import { PageTitle } from '../shell/PageTitle';
import { CreateUserModal } from './CreateUserModal';
import { ChangeRoleModal } from './ChangeRoleModal';

export function UserListPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useSessionStore((s) => s.session?.user.id);
  const canManage = useCanHqData('users.manage');
  // May manage users, but at a branch's installation: they are changed at HQ's.
  const hqManaged = useCan('users.manage') && !canManage;
  const canOrg = useCan('org.read');
  const users = useRpcQuery('users.list', {});
  const orgs = useRpcQuery('org.list', {}, { enabled: canOrg && canManage });
  const [creating, setCreating] = useState(false);
  const [roleFor, setRoleFor] = useState<UserDto | null>(null);

  const setStatus = async (u: UserDto, status: UserDto['status']) => {
    try {
      await rpc.call('users.setStatus', { userId: u.id, status });
      notifications.show({ color: 'green', message: t('users.statusChanged') });
      users.reload();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <>
      <PageTitle title={t('users.title')}>
        {canManage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} disabled={!orgs.data}>
            {t('users.create')}
          </Button>
        )}
      </PageTitle>
      {hqManaged && (
        <Text size="sm" c="dimmed" mb="md" data-testid="users-hq-managed">
          {t('users.hqManaged')}
        </Text>
      )}
      {users.error && (
        <Alert color="red" mb="md">
          {translateError(users.error.rpc)}
        </Alert>
      )}
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover verticalSpacing="sm" horizontalSpacing="md" data-testid="users-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.col.login')}</Table.Th>
                <Table.Th>{t('users.col.name')}</Table.Th>
                <Table.Th>{t('users.col.role')}</Table.Th>
                <Table.Th>{t('users.col.branch')}</Table.Th>
                <Table.Th>{t('users.col.status')}</Table.Th>
                <Table.Th>{t('users.col.lastLogin')}</Table.Th>
                {canManage && <Table.Th w={60} aria-label={t('common.actions')} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(users.data ?? []).map((u) => (
                <Table.Tr key={u.id} data-login={u.login}>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {u.login}
                    </Text>
                  </Table.Td>
                  <Table.Td>{u.displayName}</Table.Td>
                  <Table.Td>{t(`role.${u.role}`)}</Table.Td>
                  <Table.Td>{u.branchName}</Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Badge size="sm" variant="light" color={u.status === 'active' ? 'green' : 'gray'}>
                        {t(`users.status.${u.status}`)}
                      </Badge>
                      {u.mustChangePassword && (
                        <Badge size="sm" variant="outline" color="orange">
                          {t('users.mustChangePassword')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {u.lastLoginAt ? fmt.dateTime(u.lastLoginAt) : t('users.never')}
                    </Text>
                  </Table.Td>
                  {canManage && (
                    <Table.Td>
                      {u.id !== me && (
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={`${t('common.actions')} ${u.login}`}>
                              <IconDots size={18} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item leftSection={<IconUserShield size={16} />} onClick={() => setRoleFor(u)}>
                              {t('users.changeRole')}
                            </Menu.Item>
                            {u.status === 'active' ? (
                              <Menu.Item color="red" leftSection={<IconUserOff size={16} />} onClick={() => void setStatus(u, 'disabled')}>
                                {t('users.disable')}
                              </Menu.Item>
                            ) : (
                              <Menu.Item leftSection={<IconUserCheck size={16} />} onClick={() => void setStatus(u, 'active')}>
                                {t('users.enable')}
                              </Menu.Item>
                            )}
                          </Menu.Dropdown>
                        </Menu>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {users.loading && !users.data && (
          <Center p="xl">
            <Loader size="sm" />
          </Center>
        )}
        {users.data?.length === 0 && <EmptyState py="xl" icon={<IconUsers size={30} />} title={t('users.empty')} />}
      </Paper>
      {creating && orgs.data && <CreateUserModal opened onClose={() => setCreating(false)} onCreated={users.reload} orgs={orgs.data} />}
      {roleFor && <ChangeRoleModal user={roleFor} onClose={() => setRoleFor(null)} onSubmitted={users.reload} />}
    </>
  );
}
