import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCanHqData } from '../session/useCanHqData';
import { useSessionStore } from '../session/useSessionStore';
import { PageTitle } from '../shell/PageTitle';
import { QuestionnairesPanel } from '../suitability/QuestionnairesPanel';
import { useProductsPageStore } from './useProductsPageStore';
import { ProductListPanel } from './ProductListPanel';
import { ProductPage } from './ProductPage';

/** 产品: the product list and pages; for HQ, also the risk questionnaires (versions, drafts, activation). */
export function ProductsPage() {
  const { t } = useTranslation();
  // Questionnaires are HQ master data: a branch's compliance officer holds the permission but main refuses them.
  const atHq = useSessionStore((s) => s.session?.user.orgKind === 'hq');
  const canQuestionnaires = useCanHqData('questionnaires.manage') && atHq;
  const { tab, productId, setTab, open } = useProductsPageStore();
  if (productId) return <ProductPage key={productId} id={productId} onBack={() => open(null)} />;
  const current = tab === 'questionnaires' && canQuestionnaires ? 'questionnaires' : 'products';
  return (
    <>
      <PageTitle title={t('productUi.pageTitle')} />
      <Tabs value={current} onChange={(v) => setTab(v === 'questionnaires' ? 'questionnaires' : 'products')} keepMounted={false}>
        {canQuestionnaires && (
          <Tabs.List mb="md">
            <Tabs.Tab value="products">{t('productUi.tab.products')}</Tabs.Tab>
            <Tabs.Tab value="questionnaires">{t('productUi.tab.questionnaires')}</Tabs.Tab>
          </Tabs.List>
        )}
        <Tabs.Panel value="products">
          <ProductListPanel onOpen={open} />
        </Tabs.Panel>
        <Tabs.Panel value="questionnaires">
          <QuestionnairesPanel />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
