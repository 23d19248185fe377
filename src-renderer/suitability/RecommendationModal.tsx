import { useEffect, useState } from 'react';
import { Alert, Button, Center, Group, Loader, Modal, NumberInput, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ProductDto, RecommendationDto, RecommendationInput, RecommendationKind } from '../../src-shared/suitability/suitability.contract';
import { rpc } from '../platform/rpc';
import { RpcCallError } from '../platform/RpcCallError';
import { useRpcQuery } from '../data/useRpcQuery';
import { showError } from '../i18n/showError';
import { translateError, translateIssue } from '../i18n/translateMessage';
import { useFormat } from '../format/useFormat';
import { ProductPicker } from './ProductPicker';
import { CheckVerdict } from './CheckVerdict';
import { downloadOpinion } from './downloadOpinion';
import { PendingApprovalNotice } from '../approvals/PendingApprovalNotice';

type Done = { kind: 'saved'; rec: RecommendationDto } | { kind: 'pending' };

/**
 * Record a recommendation (主动推荐) or a customer-initiated purchase (客户主动申购). The
 * suitability check runs as soon as a product and kind are chosen and its verdict decides what
 * can be done: save; nothing (blocked); save after the customer signs the risk warning; or
 * submit for a second person's approval. Main runs the same rule again on save.
 */
export function RecommendationModal({ customerId, customerName, onClose, onSaved }: { customerId: string; customerName: string; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [product, setProduct] = useState<ProductDto | null>(null);
  const [kind, setKind] = useState<RecommendationKind>('recommend');
  const [amount, setAmount] = useState<number | string>('');
  const [note, setNote] = useState('');
  const [ack, setAck] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const check = useRpcQuery('suitability.check', { customerId, productId: product?.id ?? '', kind }, { enabled: product !== null });
  // A new product or kind is a new question: the old acknowledgement and error do not carry over.
  useEffect(() => {
    setAck(false);
    setError(null);
  }, [product?.id, kind]);

  const verdict = product && check.data && !check.loading ? check.data : null;
  const canSave = verdict !== null && verdict.outcome !== 'blocked' && (!verdict.requiresAck || ack);

  const save = async () => {
    if (!product || !verdict) return;
    setBusy(true);
    setError(null);
    const yuan = typeof amount === 'number' ? amount : null;
    const input: RecommendationInput = {
      customerId,
      productId: product.id,
      kind,
      amountFen: yuan === null ? null : Math.round(yuan * 100),
      note: note.trim() === '' ? null : note,
      ...(verdict.requiresAck && verdict.warningVersion ? { warningAck: { version: verdict.warningVersion } } : {}),
    };
    try {
      if (verdict.requiresApproval) {
        await rpc.call('recommendations.createHighRisk', input);
        setDone({ kind: 'pending' });
      } else {
        const rec = await rpc.call('recommendations.create', input);
        setDone({ kind: 'saved', rec });
        notifications.show({ color: 'green', message: t('suitUi.rec.saved', { product: rec.productName }) });
      }
      onSaved();
    } catch (e) {
      if (e instanceof RpcCallError) {
        setError(e.rpc.issues?.length ? e.rpc.issues.map(translateIssue).join('；') : translateError(e.rpc));
        // What main decided may differ from the dry run (an assessment expired meanwhile): ask again.
        if (e.code === 'CONFLICT' || e.code === 'VALIDATION') check.reload();
      } else showError(e);
    } finally {
      setBusy(false);
    }
  };

  const opinion = async (rec: RecommendationDto) => {
    try {
      await downloadOpinion(rec);
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Modal opened onClose={onClose} size="lg" title={t('suitUi.rec.title', { name: customerName })} data-testid="recommendation-modal" closeOnClickOutside={false}>
      {done?.kind === 'pending' ? (
        <PendingApprovalNotice title={t('suitUi.rec.pendingTitle')} message={t('suitUi.rec.pending')} testId="rec-pending" onClose={onClose} />
      ) : done?.kind === 'saved' ? (
        <Stack>
          <Alert color="green" title={t('suitUi.rec.savedTitle')} data-testid="rec-saved">
            {t(done.rec.outcome === 'warn' ? 'suitUi.rec.savedWarn' : 'suitUi.rec.savedBody', { product: `${done.rec.productCode} ${done.rec.productName}` })}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => void opinion(done.rec)}>
              {t('suitUi.opinion.download')}
            </Button>
            <Button onClick={onClose}>{t('common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="sm">
          <SegmentedControl
            fullWidth
            value={kind}
            onChange={(v) => setKind(v === 'customer_initiated' ? 'customer_initiated' : 'recommend')}
            data={[
              { value: 'recommend', label: t('suitability.recKind.recommend') },
              { value: 'customer_initiated', label: t('suitability.recKind.customer_initiated') },
            ]}
            data-testid="rec-kind"
          />
          <Text size="xs" c="dimmed">
            {t(kind === 'recommend' ? 'suitUi.rec.kindRecommendHint' : 'suitUi.rec.kindInitiatedHint')}
          </Text>
          <ProductPicker value={product} onChange={setProduct} />
          <SimpleGrid cols={2} style={{ alignItems: 'end' }}>
            <NumberInput
              label={t('suitUi.rec.amount')}
              description={product?.minAmountFen ? t('suitUi.rec.minAmount', { amount: fmt.money(product.minAmountFen) }) : undefined}
              min={0}
              decimalScale={2}
              thousandSeparator=","
              value={amount}
              onChange={setAmount}
            />
            <TextInput label={t('common.note')} maxLength={500} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          </SimpleGrid>
          {product && !verdict && !check.error && (
            <Center py="sm">
              <Loader size="sm" />
            </Center>
          )}
          {check.error && <Alert color="red">{translateError(check.error.rpc)}</Alert>}
          {verdict && <CheckVerdict check={verdict} acknowledged={ack} onAcknowledge={setAck} />}
          {error && (
            <Alert color="red" role="alert" data-testid="rec-error">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            {verdict && verdict.outcome !== 'blocked' && (
              <Button onClick={() => void save()} loading={busy} disabled={!canSave} color={verdict.requiresApproval ? 'violet' : undefined}>
                {verdict.requiresApproval ? t('suitUi.rec.submitApproval') : t('suitUi.rec.save')}
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
