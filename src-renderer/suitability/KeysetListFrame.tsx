import type { ReactNode } from 'react';
import { Alert, Button, Center, Loader, Paper, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { translateError } from '../i18n/translateMessage';
import type { KeysetList } from './useKeysetList';

/**
 * The frame of a keyset list (useKeysetList): its error, the table (`children`, scrolled
 * sideways below `minWidth`), a loader for the first page, the empty state, and "load more".
 */
export function KeysetListFrame<T>({ list, empty, minWidth, children }: { list: KeysetList<T>; empty: ReactNode; minWidth?: number; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      {list.error && (
        <Alert color="red" mb="md">
          {translateError(list.error.rpc)}
        </Alert>
      )}
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        {minWidth === undefined ? children : <Table.ScrollContainer minWidth={minWidth}>{children}</Table.ScrollContainer>}
        {list.loading && list.rows.length === 0 && (
          <Center py="xl">
            <Loader size="sm" />
          </Center>
        )}
        {!list.loading && !list.error && list.rows.length === 0 && empty}
        {list.hasMore && (
          <Center py="sm">
            <Button variant="subtle" loading={list.loading} onClick={list.loadMore}>
              {t('common.loadMore')}
            </Button>
          </Center>
        )}
      </Paper>
    </>
  );
}
