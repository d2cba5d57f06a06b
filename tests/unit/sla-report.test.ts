import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { SlaReport } from '../../src-shared/sla/report';
import { ok, testCore } from '../helpers/temp';

const DAY = 86_400_000;

/** Nearest-rank percentile, written again here so the test does not lean on the code it checks. */
function rank(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function office() {
  const core = testCore();
  await ok(core.call('m', 'setup.loadDemo', {}));
  await ok(core.call('m', 'auth.signIn', { username: 'manager', password: 'demo2026' }));
  return core;
}

describe('reports.sla', () => {
  it('matches response times computed independently from activities and links, per advisor and in total', async () => {
    const core = await office();
    const from = Date.now() - 400 * DAY;
    const to = Date.now() + DAY;
    const report = await ok<SlaReport>(core.call('m', 'reports.sla', { from, to, groupBy: 'advisor' }));
    const db = new Database(core.databaseFile, { readonly: true });
    const rows = db
      .prepare(
        `select c.id, c.owner_user_id as owner, c.created_at as created,
           (select min(done_at) from activities a where a.client_id = c.id and a.state = 'done' and a.type = 'phone') as call,
           (select l.received_at from lead_client_links k join leads l on l.id = k.lead_id
             where k.client_id = c.id and k.kind = 'converted' and k.unlinked_at is null) as received
         from clients c where c.created_at >= ? and c.created_at < ? and c.deleted_at is null`,
      )
      .all(from, to) as { id: string; owner: string; created: number; call: number | null; received: number | null }[];
    db.close();
    expect(report.total.clients).toBe(rows.length);
    const calls = rows.filter((r) => r.call !== null).map((r) => Math.floor((r.call! - r.created) / 60_000));
    expect(report.total.metrics.firstCall.met).toBe(calls.length);
    expect(report.total.metrics.firstCall.median).toBe(rank(calls, 50));
    expect(report.total.metrics.firstCall.p90).toBe(rank(calls, 90));
    expect(report.total.metrics.firstCall.running).toBe(rows.length - calls.length);
    const waits = rows.filter((r) => r.received !== null).map((r) => Math.floor((r.created - r.received!) / 60_000));
    expect(report.total.metrics.leadToClient.met).toBe(waits.length);
    expect(report.total.metrics.leadToClient.median).toBe(rank(waits, 50));
    for (const row of report.rows) {
      const mine = rows.filter((r) => r.owner === row.key);
      expect(row.clients, row.label ?? '').toBe(mine.length);
      expect(row.metrics.firstCall.met).toBe(mine.filter((r) => r.call !== null).length);
    }
    expect(report.rows.reduce((n, r) => n + r.clients, 0)).toBe(rows.length);
  });

  it('counts a breach for a call made after the red threshold and for one still waiting past it', async () => {
    const core = await office();
    const now = Date.now();
    const before = await ok<SlaReport>(core.call('m', 'reports.sla', { from: now - 400 * DAY, to: now + DAY, groupBy: 'source' }));
    const lookups = await ok<{ sources: { id: string }[] }>(core.call('m', 'lookups.get', {}));
    // Two new clients: one called 90 minutes after creation (a breach at red = 60), one never called (running).
    const leadIds: string[] = [];
    for (const lastName of ['Późny', 'Czekający']) {
      const lead = await ok<{ id: string }>(core.call('m', 'leads.create', { sourceId: lookups.sources[0]!.id, lastName, phone: '+48 600 000 00' + leadIds.length }));
      leadIds.push(lead.id);
    }
    const late = await ok<{ clientId: string; plannedCall: { activityId: string } }>(core.call('m', 'leads.convert', { leadId: leadIds[0], client: { lastName: 'Późny', phone: '+48 600 000 000' } }));
    const waiting = await ok<{ clientId: string }>(core.call('m', 'leads.convert', { leadId: leadIds[1], client: { lastName: 'Czekający', phone: '+48 600 000 001' } }));
    const db = new Database(core.databaseFile);
    db.prepare('update clients set created_at = ? where id in (?, ?)').run(now - 3 * 3_600_000, late.clientId, waiting.clientId);
    db.close();
    await ok(core.call('m', 'activities.complete', { id: late.plannedCall.activityId, doneAt: now - 3 * 3_600_000 + 90 * 60_000 }));
    const after = await ok<SlaReport>(core.call('m', 'reports.sla', { from: now - 400 * DAY, to: now + DAY, groupBy: 'source' }));
    expect(after.total.metrics.firstCall.breaches - before.total.metrics.firstCall.breaches).toBe(2);
    expect(after.total.metrics.firstCall.met - before.total.metrics.firstCall.met).toBe(1);
  });

  it('is for managers and admins only', async () => {
    const core = await office();
    await ok(core.call('a', 'auth.signIn', { username: 'anna', password: 'demo2026' }));
    const refused = await core.call('a', 'reports.sla', { from: 0, to: Date.now(), groupBy: 'advisor' });
    expect(refused.ok ? '' : refused.error.code).toBe('FORBIDDEN');
  });
});
