import type { suitabilityContract } from '../../src-shared/suitability/suitability.contract';
import type { HandlersFor } from '../ipc/types';
import { productHandlers } from './products.handlers';
import { assessHandlers } from './assess.handlers';
import { recommendationHandlers } from './recommendations.handlers';
import { reportHandlers } from './reports.handlers';
import { taskHandlers } from './tasks.handlers';

/** Products, questionnaires and suitability (issue 7), kept in files by concern. */
export const suitabilityHandlers = {
  ...productHandlers,
  ...assessHandlers,
  ...recommendationHandlers,
  ...reportHandlers,
  ...taskHandlers,
} satisfies HandlersFor<typeof suitabilityContract>;
