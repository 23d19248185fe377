import { useState } from 'react';
import { Badge, Button, Center, EmptyState, Group, Paper, Text, Timeline } from '@mantine/core';
import { IconArrowMerge, IconEdit, IconMessageCircle, IconPlus, IconTimeline, IconUserShare, IconUsers, IconWallet } from '@tabler/icons-react';
import type { Icon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CustomerPageDto, TimelineEvent } from '../../../src-shared/customers/customers.contract';
import { rpc } from '../../platform/rpc';
import { showError } from '../../i18n/showError';
import { translateMessage } from '../../i18n/translateMessage';
import { useFormat } from '../../format/useFormat';
import { fieldLabel } from './fieldLabel';

const icons: Record<TimelineEvent['kind'], Icon> = {
  created: IconPlus,
  changed: IconEdit,
  feedback: IconMessageCircle,
  ownership: IconUserShare,
  merge: IconArrowMerge,
  contact: IconUsers,
  account: IconWallet,
};

/** The event's particulars from its summary params (enum values shown by name). */
function detail(e: TimelineEvent, t: (k: string, p?: Record<string, string | number>) => string): string | null {
  const s = e.summary;
  const str = (k: string) => (typeof s[k] === 'string' ? String(s[k]) : '');
  switch (e.kind) {
    case 'feedback':
      return [str('kind') && t(`customer.feedbackKind.${str('kind')}`), str('channel') && t(`customer.feedbackChannel.${str('channel')}`)].filter(Boolean).join(' · ');
    case 'ownership':
      return [str('manager') || t('customer.unassigned'), str('reason') && t(`customer.ownershipReason.${str('reason')}`)].filter(Boolean).join(' · ');
    case 'contact':
      return str('kind') ? t(`customer.contactKind.${str('kind')}`) : null;
    case 'account':
      return str('type') ? t(`customer.accountType.${str('type')}`) : null;
    case 'merge':
      return [t(s.role === 'loser' ? 'customer.timeline.mergeLoser' : 'customer.timeline.mergeSurvivor'), s.undone === 1 ? t('customer.timeline.mergeUndone') : ''].filter(Boolean).join(' · ');
    default:
      return null;
  }
}

/** Every interaction and change, newest first; further pages along the server's cursor. */
export function TimelineTab({ page }: { page: CustomerPageDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  // The first page came with customers.get; later pages are appended here.
  const [more, setMore] = useState<{ events: TimelineEvent[]; cursor: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const events = [...page.timeline.events, ...(more?.events ?? [])];
  const cursor = more ? more.cursor : page.timeline.nextCursor;

  const loadMore = async () => {
    if (!cursor) return;
    setBusy(true);
    try {
      const r = await rpc.call('customers.timeline', { id: page.customer.id, before: cursor });
      setMore((m) => ({ events: [...(m?.events ?? []), ...r.events], cursor: r.nextCursor }));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  if (events.length === 0) {
    return (
      <Paper withBorder radius="md" p="xl">
        <EmptyState icon={<IconTimeline size={28} stroke={1.5} />} withIndicatorBackground title={t('customer.timeline.empty')} />
      </Paper>
    );
  }
  return (
    <Paper withBorder radius="md" p="lg" data-testid="customer-timeline">
      <Timeline bulletSize={26} lineWidth={2}>
        {events.map((e) => {
          const Bullet = icons[e.kind];
          const more = detail(e, t);
          return (
            <Timeline.Item key={e.key} bullet={<Bullet size={14} />} title={translateMessage(`customer.timeline.${e.kind}`, {}, 'customer.timeline.other')} data-kind={e.kind}>
              {e.kind === 'changed' && e.fields.length > 0 && (
                <Group gap={4} mt={4}>
                  {e.fields.map((f) => (
                    <Badge key={f} size="sm" variant="light" color="gray">
                      {fieldLabel(f)}
                    </Badge>
                  ))}
                </Group>
              )}
              {more && (
                <Text size="sm" mt={2}>
                  {more}
                </Text>
              )}
              <Text size="xs" c="dimmed" mt={4}>
                {fmt.dateTime(e.at)}
                {e.actorName ? ` · ${e.actorName}` : ''}
              </Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
      <Center mt="md">
        {cursor ? (
          <Button variant="subtle" loading={busy} onClick={() => void loadMore()}>
            {t('common.loadMore')}
          </Button>
        ) : (
          <Text size="xs" c="dimmed">
            {t('common.noMore')}
          </Text>
        )}
      </Center>
    </Paper>
  );
}
