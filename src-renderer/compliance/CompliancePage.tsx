import { useState } from 'react';
import { Select, Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRpcQuery } from '../data/useRpcQuery';
import { useSessionStore } from '../session/useSessionStore';
import { useCan } from '../session/useCan';
import { PageTitle } from '../shell/PageTitle';
import { ReviewQueuePanel } from './ReviewQueuePanel';
import { RecommendationsPanel } from './RecommendationsPanel';
import { ExpiredAssessmentsPanel } from './ExpiredAssessmentsPanel';
import { SuitabilityReportPanel } from './SuitabilityReportPanel';

type Tab = 'queue' | 'recommendations' | 'expired' | 'report';
const TABS: readonly Tab[] = ['queue', 'recommendations', 'expired', 'report'];
const isTab = (v: string | null): v is Tab => v !== null && (TABS as readonly string[]).includes(v);

/**
 * 合规 (compliance.review): the review queue, recommendations with their verdicts, expired
 * assessments, and the per-branch report, each exportable. HQ (scope "all") narrows every view
 * to one branch; a branch's compliance officer sees their branch.
 */
export function CompliancePage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('queue');
  const [branchId, setBranchId] = useState<string | null>(null);
  const allBranches = useSessionStore((s) => s.session?.scope === 'all');
  const canOrg = useCan('org.read');
  const org = useRpcQuery('org.list', {}, { enabled: allBranches && canOrg });
  const branches = (org.data ?? []).filter((u) => u.kind === 'branch');

  return (
    <>
      <PageTitle title={t('complianceUi.pageTitle')}>
        {allBranches && canOrg && (
          <Select
            aria-label={t('complianceUi.branch')}
            placeholder={t('complianceUi.allBranches')}
            clearable
            searchable
            data={branches.map((b) => ({ value: b.id, label: b.name }))}
            value={branchId}
            onChange={setBranchId}
            w={220}
          />
        )}
      </PageTitle>
      <Tabs value={tab} onChange={(v) => isTab(v) && setTab(v)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="queue">{t('complianceUi.tab.queue')}</Tabs.Tab>
          <Tabs.Tab value="recommendations">{t('complianceUi.tab.recommendations')}</Tabs.Tab>
          <Tabs.Tab value="expired">{t('complianceUi.tab.expired')}</Tabs.Tab>
          <Tabs.Tab value="report">{t('complianceUi.tab.report')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="queue">
          <ReviewQueuePanel branchId={branchId} />
        </Tabs.Panel>
        <Tabs.Panel value="recommendations">
          <RecommendationsPanel branchId={branchId} />
        </Tabs.Panel>
        <Tabs.Panel value="expired">
          <ExpiredAssessmentsPanel branchId={branchId} />
        </Tabs.Panel>
        <Tabs.Panel value="report">
          <SuitabilityReportPanel branchId={branchId} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
