import { useState } from 'react';
import { Tabs } from '@mantine/core';
import { IconFileImport, IconHistory } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../shell/PageTitle';
import { ImportWizard } from './ImportWizard';
import { ImportHistory } from './ImportHistory';

type Tab = 'new' | 'history';

/** Data import: the wizard for a new file, and the history of imports with their reports and undo. */
export function ImportsPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('new');
  return (
    <>
      <PageTitle title={t('importUi.pageTitle')} />
      <Tabs value={tab} onChange={(v) => setTab(v === 'history' ? 'history' : 'new')} keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="new" leftSection={<IconFileImport size={16} />}>
            {t('importUi.tab.new')}
          </Tabs.Tab>
          <Tabs.Tab value="history" leftSection={<IconHistory size={16} />}>
            {t('importUi.tab.history')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="new">
          <ImportWizard onShowHistory={() => setTab('history')} />
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <ImportHistory />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
