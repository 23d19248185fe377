import type { ImportKind } from '../../../src-shared/imports/imports.contract';
import { accountsKind } from './accounts';
import { contactsKind } from './contacts';
import { customersKind } from './customers';
import { dailyAssetsKind, holdingsKind, monthlyTradingKind } from './facts';
import { productsKind } from './products';
import type { KindDef } from './types';

/**
 * Every import kind, declared as data (kinds/types.ts): fields with Chinese and English
 * synonyms and a parser each, the in-file identity keys, and a target that classifies and
 * writes a batch. engine.ts runs them all the same way.
 */
export const KINDS: { [K in ImportKind]: KindDef } = {
  customers: customersKind as KindDef,
  contacts: contactsKind as KindDef,
  accounts: accountsKind as KindDef,
  dailyAssets: dailyAssetsKind as KindDef,
  monthlyTrading: monthlyTradingKind as KindDef,
  holdings: holdingsKind as KindDef,
  products: productsKind as KindDef,
};

export function kindDef(kind: ImportKind): KindDef {
  return KINDS[kind];
}
