import { applyD1Migrations, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

const db = env.MIGRATION_TEST_DB;
const before0009 = env.TEST_MIGRATIONS.filter((migration) => migration.name < '0009');

const insertEvent = (eventId: string, subjectId: string, columns = '', values: unknown[] = []) =>
  db
    .prepare(
      `INSERT INTO consent_events (receipt_id, site_id, event_id, subject_id, categories, revision, config_version, method, gpc, recorded_at, payload_hash${columns})
       VALUES (?, 'mig', ?, ?, '{"necessary":true}', 1, 1, 'reject_all', 0, '2026-01-01T00:00:00.000Z', 'h'${values.map(() => ', ?').join('')})`,
    )
    .bind(`r-${eventId}`, eventId, subjectId, ...values);

describe('migration 0009 (ledger rebuilt with region and regime)', () => {
  it('keeps every row, its seq and the high-water mark, and the append-only rules', async () => {
    await applyD1Migrations(db, before0009);
    await db.batch([
      db.prepare(`INSERT INTO sites (id, name) VALUES ('mig', 'Migration')`),
      db.prepare(`INSERT INTO site_config_versions (site_id, version, revision, config) VALUES ('mig', 1, 1, '{}')`),
      insertEvent('e1', 'subject-keep'),
      insertEvent('e2', 'subject-keep', ', notice_version, locale, country', [3, 'de', 'DE']),
      insertEvent('e3', 'subject-erased'),
      db.prepare(`INSERT INTO ledger_delete_grants (site_id, subject_id) VALUES ('mig', 'subject-erased')`),
      db.prepare(`DELETE FROM consent_events WHERE subject_id = 'subject-erased'`),
      db.prepare(`DELETE FROM ledger_delete_grants`),
    ]);
    const rowsBefore = (await db.prepare('SELECT * FROM consent_events ORDER BY seq').all()).results;

    await applyD1Migrations(db, env.TEST_MIGRATIONS);

    const rowsAfter = (await db.prepare('SELECT * FROM consent_events ORDER BY seq').all()).results;
    // Columns added by 0009 and by later migrations (0011: wording_hash) are empty on old rows.
    expect(rowsAfter).toEqual(rowsBefore.map((row) => ({ ...row, region: null, regime: null, wording_hash: null })));
    expect(rowsAfter.map((row) => row.seq)).toEqual([1, 2]);

    // The seq of the erased row is not handed out again; the new columns and methods are accepted.
    await db
      .prepare(
        `INSERT INTO consent_events (receipt_id, site_id, event_id, subject_id, categories, revision, config_version, method, gpc, recorded_at, payload_hash, region, regime)
         VALUES ('r-e4', 'mig', 'e4', 'subject-new', '{}', 1, 1, 'embed', 0, '2026-01-02T00:00:00.000Z', 'h', 'US-CA', 'opt-out')`,
      )
      .run();
    expect(await db.prepare(`SELECT seq, method, region, regime FROM consent_events WHERE event_id = 'e4'`).first()).toEqual({ seq: 4, method: 'embed', region: 'US-CA', regime: 'opt-out' });
    await expect(insertEvent('e5', 'subject-new', ', regime', ['maybe']).run()).rejects.toThrow(/CHECK/);

    await expect(db.prepare(`UPDATE consent_events SET method = 'accept_all'`).run()).rejects.toThrow(/append-only/);
    await expect(db.prepare(`DELETE FROM consent_events WHERE subject_id = 'subject-keep'`).run()).rejects.toThrow(/append-only/);
    const indexes = (await db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'consent_events' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all()).results;
    expect(indexes.map((index) => index.name)).toEqual(['consent_events_by_subject', 'consent_events_by_time']);
  });
});
