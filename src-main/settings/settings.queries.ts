import type { Kysely } from 'kysely';
import type { Database as Schema } from '../db/schema';
import { zSettings, type SettingsDto } from '../../src-shared/settings/settings.contract';

export async function readSettings(db: Kysely<Schema>): Promise<SettingsDto> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const obj: Record<string, unknown> = {};
  for (const r of rows) obj[r.key] = JSON.parse(r.value);
  return zSettings.parse(obj);
}

export async function writeSettings(db: Kysely<Schema>, patch: Partial<SettingsDto>, userId: string, now: Date): Promise<void> {
  for (const [key, value] of Object.entries(patch)) {
    await db
      .insertInto('settings')
      .values({ key, value: JSON.stringify(value), updated_at: now.toISOString(), updated_by: userId })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now.toISOString(), updated_by: userId }))
      .execute();
  }
}
