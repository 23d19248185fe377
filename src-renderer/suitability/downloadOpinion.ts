import type { RecommendationDto } from '../../src-shared/suitability/suitability.contract';
import { rpc } from '../platform/rpc';
import { saveFile } from '../exports/saveFile';
import { i18n } from '../i18n/i18n';

/**
 * The suitability-match opinion (适当性匹配意见) of one recommendation: the person picks where,
 * main writes the .xlsx there (suitability.opinion), then it is handed over. Resolves false when
 * the person cancelled. Named by customer number and product code, never the customer's name.
 */
export async function downloadOpinion(rec: Pick<RecommendationDto, 'id' | 'customerNo' | 'productCode'>): Promise<boolean> {
  const name = `${i18n.t('suitability.opinion.fileName', { customerNo: rec.customerNo, productCode: rec.productCode })}.xlsx`;
  const info = await saveFile.choose(name, ['xlsx']);
  if (!info) return false;
  await rpc.call('suitability.opinion', { recommendationId: rec.id, handle: info.handle });
  saveFile.deliver(info);
  return true;
}
