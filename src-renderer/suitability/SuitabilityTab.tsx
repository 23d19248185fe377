import { useState, type ReactNode } from 'react';
import { ActionIcon, Alert, Anchor, Badge, Button, Center, Group, Loader, Menu, Paper, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconClipboardCheck, IconDots, IconDownload, IconShoppingCartPlus, IconUserStar, IconUser, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CustomerPageDto } from '../../src-shared/customers/customers.contract';
import type { AssessmentDto, RecommendationDto, SuitabilityProfileDto } from '../../src-shared/suitability/suitability.contract';
import { rpc } from '../platform/rpc';
import { useRpcQuery } from '../data/useRpcQuery';
import { showError } from '../i18n/showError';
import { translateError } from '../i18n/translateMessage';
import { useFormat } from '../format/useFormat';
import { useCan } from '../session/useCan';
import { RiskLevelBadge } from '../products/RiskLevelBadge';
import { useKeysetList } from './useKeysetList';
import { AssessmentModal } from './AssessmentModal';
import { AssessmentAnswersModal } from './AssessmentAnswersModal';
import { RecommendationModal } from './RecommendationModal';
import { InvestorCategoryModal } from './InvestorCategoryModal';
import { OutcomeBadge } from './OutcomeBadge';
import { downloadOpinion } from './downloadOpinion';

type Update = (fn: (p: CustomerPageDto) => CustomerPageDto) => void;
type Dialog = 'assess' | 'recommend' | 'professional' | 'ordinary' | null;
const assessmentColor = { valid: 'green', expired: 'red', missing: 'gray' } as const;

function Section({ title, children, count }: { title: string; children: ReactNode; count?: number }) {
  return (
    <Stack gap="xs">
      <Group gap={6}>
        <Title order={3} size="h5">
          {title}
        </Title>
        {count !== undefined && count > 0 && (
          <Badge size="xs" variant="light" circle={count < 10}>
            {count}
          </Badge>
        )}
      </Group>
      {children}
    </Stack>
  );
}

/**
 * 适当性 on the customer page: the suitability profile (category, risk level, assessment validity),
 * the actions (assess with the active questionnaire, recommend a product, change category), and
 * the evidence: assessments (immutable, with the questionnaire version), recommendations with
 * their verdicts, and category changes.
 */
export function SuitabilityTab({ page, update, readOnly }: { page: CustomerPageDto; update: Update; readOnly: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const c = page.customer;
  const canAssess = useCan('suitability.assess') && !readOnly;
  const canRecommend = useCan('recommendations.write') && !readOnly;
  const canCategory = useCan('customers.write') && !readOnly;
  const profile = useRpcQuery('suitability.profile', { customerId: c.id });
  const assessments = useRpcQuery('suitability.assessments', { customerId: c.id });
  const categories = useRpcQuery('investorCategory.history', { customerId: c.id });
  const recs = useKeysetList<RecommendationDto>(c.id, (after) => rpc.call('recommendations.list', { customerId: c.id, ...(after ? { after } : {}), limit: 20 }));
  const [dialog, setDialog] = useState<Dialog>(null);
  const [answers, setAnswers] = useState<AssessmentDto | null>(null);

  /** The header's badges read the customer record: bring its derived suitability fields up to date. */
  const applyProfile = (p: SuitabilityProfileDto) =>
    update((pg) => ({
      ...pg,
      customer: { ...pg.customer, riskLevel: p.riskLevel, riskLowest: p.riskLowest, riskAssessedAt: p.riskAssessedAt, riskExpiresAt: p.riskExpiresAt, investorCategory: p.category },
    }));
  const refreshProfile = () => {
    profile.reload();
    categories.reload();
    rpc.call('suitability.profile', { customerId: c.id }).then(applyProfile, showError);
  };

  const close = async (r: RecommendationDto) => {
    try {
      const saved = await rpc.call('recommendations.close', { id: r.id });
      recs.replace((x) => (x.id === saved.id ? saved : x));
    } catch (e) {
      showError(e);
    }
  };
  const opinion = async (r: RecommendationDto) => {
    try {
      await downloadOpinion(r);
    } catch (e) {
      showError(e);
    }
  };

  const p = profile.data;
  const professional = (p?.category ?? c.investorCategory) === 'professional';
  return (
    <Stack gap="lg" data-testid="suitability-tab">
      <Paper withBorder radius="md" p="md" data-testid="suitability-profile">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
          {p ? (
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xl" verticalSpacing="xs" style={{ flex: 1 }}>
              <Stack gap={2}>
                <Text size="xs" c="dimmed">
                  {t('customer.field.investorCategory')}
                </Text>
                <Text size="sm" fw={500}>
                  {t(`customer.investorCategory.${p.category}`)}
                </Text>
                {p.professionalRequestedAt && (
                  <Text size="xs" c="orange.8" fw={500} data-testid="professional-pending">
                    {t('suitUi.category.pendingSince', { date: fmt.date(p.professionalRequestedAt) })}
                  </Text>
                )}
              </Stack>
              <Stack gap={2}>
                <Text size="xs" c="dimmed">
                  {t('customer.field.riskLevel')}
                </Text>
                <div>
                  {professional ? (
                    <Text size="sm">{t('customer.riskNotApplicable')}</Text>
                  ) : p.riskLevel ? (
                    <RiskLevelBadge level={p.riskLevel} full lowest={p.riskLowest} />
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('customer.badge.riskNone')}
                    </Text>
                  )}
                </div>
              </Stack>
              <Stack gap={2}>
                <Text size="xs" c="dimmed">
                  {t('suitUi.profile.assessment')}
                </Text>
                <div>
                  <Badge variant="light" color={assessmentColor[p.assessmentStatus]} data-testid="assessment-status">
                    {t(`suitability.assessmentStatus.${p.assessmentStatus}`)}
                  </Badge>
                </div>
              </Stack>
              <Stack gap={2}>
                <Text size="xs" c="dimmed">
                  {t('customer.field.riskExpiresAt')}
                </Text>
                <Text size="sm">{p.riskExpiresAt ? fmt.date(p.riskExpiresAt) : '—'}</Text>
              </Stack>
            </SimpleGrid>
          ) : profile.error ? (
            <Alert color="red">{translateError(profile.error.rpc)}</Alert>
          ) : (
            <Loader size="sm" />
          )}
          <Group gap="xs">
            {canAssess && !professional && (
              <Button variant="default" leftSection={<IconClipboardCheck size={16} />} onClick={() => setDialog('assess')}>
                {t('suitUi.assess.open')}
              </Button>
            )}
            {canRecommend && (
              <Button leftSection={<IconShoppingCartPlus size={16} />} onClick={() => setDialog('recommend')}>
                {t('suitUi.rec.open')}
              </Button>
            )}
            {canCategory && p && (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button variant="subtle" px="xs" aria-label={t('suitUi.category.menu')}>
                    <IconDots size={18} />
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {professional ? (
                    <Menu.Item leftSection={<IconUser size={14} />} onClick={() => setDialog('ordinary')}>
                      {t('suitUi.category.toOrdinary')}
                    </Menu.Item>
                  ) : (
                    <Menu.Item leftSection={<IconUserStar size={14} />} disabled={Boolean(p?.professionalRequestedAt)} onClick={() => setDialog('professional')}>
                      {t('suitUi.category.toProfessional')}
                    </Menu.Item>
                  )}
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        </Group>
        {p && !professional && p.assessmentStatus !== 'valid' && (
          <Alert color={p.assessmentStatus === 'expired' ? 'red' : 'orange'} mt="md" data-testid="assessment-needed">
            {t(p.assessmentStatus === 'expired' ? 'suitUi.profile.expiredHint' : 'suitUi.profile.missingHint')}
          </Alert>
        )}
      </Paper>

      <Section title={t('suitUi.recs.title')} count={recs.rows.length}>
        <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
          <Table.ScrollContainer minWidth={1050}>
            <Table verticalSpacing="xs" horizontalSpacing="md" data-testid="recommendations-table">
              <Table.Thead style={{ whiteSpace: 'nowrap' }}>
                <Table.Tr>
                  <Table.Th>{t('suitUi.recs.col.at')}</Table.Th>
                  <Table.Th>{t('suitUi.recs.col.product')}</Table.Th>
                  <Table.Th>{t('suitUi.recs.col.kind')}</Table.Th>
                  <Table.Th ta="right">{t('suitUi.recs.col.amount')}</Table.Th>
                  <Table.Th>{t('suitUi.recs.col.outcome')}</Table.Th>
                  <Table.Th>{t('suitUi.recs.col.warning')}</Table.Th>
                  <Table.Th>{t('suitUi.recs.col.review')}</Table.Th>
                  <Table.Th aria-label={t('common.actions')} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {recs.rows.map((r) => (
                  <Table.Tr key={r.id} data-product={r.productCode} data-outcome={r.outcome} style={r.status === 'closed' ? { opacity: 0.6 } : undefined}>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {fmt.dateTime(r.createdAt)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {r.createdByName ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ minWidth: 200 }}>
                      <Group gap={8} wrap="nowrap">
                        <RiskLevelBadge level={r.productLevel} />
                        <Stack gap={0}>
                          <Text size="sm">{r.productName}</Text>
                          <Text size="xs" c="dimmed" ff="monospace">
                            {r.productCode}
                          </Text>
                        </Stack>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {t(`suitability.recKind.${r.kind}`)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm">{r.amountFen === null ? '—' : fmt.money(r.amountFen)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <OutcomeBadge outcome={r.outcome} reasons={r.reasons} />
                        {r.status === 'closed' && (
                          <Badge size="sm" variant="outline" color="gray">
                            {t('suitability.recStatus.closed')}
                          </Badge>
                        )}
                      </Group>
                      {r.approvedByName && (
                        <Text size="xs" c="dimmed">
                          {t('suitUi.recs.approvedBy', { name: r.approvedByName })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {r.warningVersion ? (
                        <Stack gap={0}>
                          <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
                            {t('suitUi.recs.ack', { version: r.warningVersion, name: r.ackByName ?? '—' })}
                          </Text>
                          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                            {r.ackAt ? fmt.dateTime(r.ackAt) : '—'}
                          </Text>
                        </Stack>
                      ) : (
                        <Text size="sm" c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {r.reviewStatus ? (
                        <Badge size="sm" variant="light" color={r.reviewStatus === 'open' ? 'orange' : 'green'} style={{ minWidth: 'max-content' }}>
                          {t(`suitability.reviewStatus.${r.reviewStatus}`)}
                        </Badge>
                      ) : (
                        <Text size="sm" c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={2} justify="flex-end" wrap="nowrap">
                        <Tooltip label={t('suitUi.opinion.download')} withinPortal>
                          <ActionIcon variant="subtle" aria-label={t('suitUi.opinion.download')} onClick={() => void opinion(r)}>
                            <IconDownload size={16} />
                          </ActionIcon>
                        </Tooltip>
                        {canRecommend && r.status === 'active' && (
                          <Tooltip label={t('suitUi.recs.close')} withinPortal>
                            <ActionIcon variant="subtle" color="gray" aria-label={t('suitUi.recs.close')} onClick={() => void close(r)}>
                              <IconX size={16} />
                            </ActionIcon>
                          </Tooltip>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {recs.loading && recs.rows.length === 0 && (
            <Center py="md">
              <Loader size="sm" />
            </Center>
          )}
          {recs.error && <Alert color="red">{translateError(recs.error.rpc)}</Alert>}
          {!recs.loading && !recs.error && recs.rows.length === 0 && (
            <Text size="sm" c="dimmed" ta="center" py="md">
              {t('suitUi.recs.empty')}
            </Text>
          )}
          {recs.hasMore && (
            <Center py="xs">
              <Anchor component="button" size="sm" onClick={recs.loadMore}>
                {t('common.loadMore')}
              </Anchor>
            </Center>
          )}
        </Paper>
      </Section>

      <Section title={t('suitUi.assessments.title')} count={assessments.data?.length}>
        <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
          <Table verticalSpacing="xs" horizontalSpacing="md" data-testid="assessments-table">
            <Table.Thead style={{ whiteSpace: 'nowrap' }}>
              <Table.Tr>
                <Table.Th>{t('suitUi.assessments.col.at')}</Table.Th>
                <Table.Th>{t('suitUi.assessments.col.questionnaire')}</Table.Th>
                <Table.Th ta="right">{t('suitUi.assessments.col.score')}</Table.Th>
                <Table.Th>{t('suitUi.assessments.col.level')}</Table.Th>
                <Table.Th>{t('suitUi.assessments.col.expires')}</Table.Th>
                <Table.Th>{t('suitUi.assessments.col.by')}</Table.Th>
                <Table.Th aria-label={t('common.actions')} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(assessments.data ?? []).map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Text size="sm">{fmt.dateTime(a.assessedAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {a.questionnaireName} · v{a.questionnaireVersion}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{a.score}</Text>
                  </Table.Td>
                  <Table.Td>
                    <RiskLevelBadge level={a.level} lowest={a.lowest} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm">{a.expiresAt}</Text>
                      <Badge size="xs" variant="light" color={a.valid ? 'green' : 'red'}>
                        {t(a.valid ? 'suitability.assessmentStatus.valid' : 'suitability.assessmentStatus.expired')}
                      </Badge>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{a.assessedByName ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component="button" size="sm" onClick={() => setAnswers(a)}>
                      {t('suitUi.assessments.answers')}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {assessments.error && <Alert color="red">{translateError(assessments.error.rpc)}</Alert>}
          {assessments.data && assessments.data.length === 0 && (
            <Text size="sm" c="dimmed" ta="center" py="md">
              {t('suitUi.assessments.empty')}
            </Text>
          )}
        </Paper>
      </Section>

      {(categories.data?.length ?? 0) > 0 && (
        <Section title={t('suitUi.categories.title')}>
          <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
            <Table verticalSpacing="xs" horizontalSpacing="md" data-testid="categories-table">
              <Table.Thead style={{ whiteSpace: 'nowrap' }}>
                <Table.Tr>
                  <Table.Th>{t('suitUi.categories.col.date')}</Table.Th>
                  <Table.Th>{t('suitUi.categories.col.change')}</Table.Th>
                  <Table.Th>{t('suitUi.category.evidence')}</Table.Th>
                  <Table.Th>{t('suitUi.categories.col.by')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(categories.data ?? []).map((h) => (
                  <Table.Tr key={h.id}>
                    <Table.Td>
                      <Text size="sm">{h.effectiveDate}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {t(`customer.investorCategory.${h.from}`)} → {t(`customer.investorCategory.${h.to}`)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={2}>
                        {h.evidence ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {h.requestedByName ?? '—'}
                        {h.approvedByName ? ` / ${t('suitUi.categories.approvedBy', { name: h.approvedByName })}` : ''}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        </Section>
      )}

      {dialog === 'assess' && (
        <AssessmentModal
          customerId={c.id}
          customerName={c.name}
          onClose={() => setDialog(null)}
          onSaved={(a, prof) => {
            setDialog(null);
            applyProfile(prof);
            profile.reload();
            assessments.reload();
            notifications.show({ color: 'green', message: t(a.lowest ? 'suitUi.assess.savedLowest' : 'suitUi.assess.saved', { level: t(`riskLevel.${a.level}`), date: a.expiresAt }) });
          }}
        />
      )}
      {dialog === 'recommend' && <RecommendationModal customerId={c.id} customerName={c.name} onClose={() => setDialog(null)} onSaved={recs.reload} />}
      {(dialog === 'professional' || dialog === 'ordinary') && (
        <InvestorCategoryModal customerId={c.id} customerName={c.name} to={dialog} onClose={() => setDialog(null)} onChanged={refreshProfile} />
      )}
      {answers && <AssessmentAnswersModal assessment={answers} onClose={() => setAnswers(null)} />}
    </Stack>
  );
}
