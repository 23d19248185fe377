import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProductStatus } from '../../src-shared/suitability/suitability.contract';

const statusColor: Record<ProductStatus, string> = { draft: 'gray', on_sale: 'green', suspended: 'orange', closed: 'dark' };

/** 草稿 / 在售 / 暂停销售 / 已结束, in one colour each. */
export function ProductStatusBadge({ status }: { status: ProductStatus }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant="light" color={statusColor[status]} data-status={status} style={{ minWidth: 'max-content' }}>
      {t(`suitability.productStatus.${status}`)}
    </Badge>
  );
}
