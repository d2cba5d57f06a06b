import { and, eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/api/errors';
import type { LeadCreateArgs } from '../../src-shared/leads/manual-entry';
import { canAssignToOthers } from '../../src-shared/leads/rules';
import { leadDerivedFields } from '../../src-shared/clients/match-keys';
import { normalizeEmail, normalizePhone } from '../../src-shared/text/normalize';
import { signedInUser, type CallContext } from '../app/context';
import { audit } from '../audit/audit';
import { newId } from '../db/ids';
import { investments, leads, sources, users } from '../db/schema';
import { phoneRegionOf } from '../settings/office-settings';
import { insertSynced } from '../sync/change-log';

const invalid = (field: string, message: string) => new AppError('VALIDATION', message, [{ field, message }]);

/** A lead typed in by hand (phone call, walk-in). Returns its id. */
export function createManualLead(ctx: CallContext, input: LeadCreateArgs): string {
  const me = signedInUser(ctx);
  const region = phoneRegionOf(ctx.db);
  const phoneE164 = input.phone ? normalizePhone(input.phone, region) : null;
  if (input.phone && !phoneE164) {
    throw invalid('phone', `"${input.phone}" is not a phone number we can call. Type it as 600 100 200 (${region}) or with its country code, e.g. +49 30 1234 5678.`);
  }
  const assigneeId = input.assigneeId === undefined ? (canAssignToOthers(me) ? null : me.id) : input.assigneeId;
  if (assigneeId && assigneeId !== me.id && !canAssignToOthers(me)) {
    throw new AppError('FORBIDDEN', 'Advisors can take leads for themselves only; ask a manager to assign a lead to someone else.');
  }
  const id = newId();
  const now = Date.now();
  ctx.db.transaction((tx) => {
    const source = tx.select().from(sources).where(and(eq(sources.id, input.sourceId), eq(sources.active, true))).get();
    if (!source) throw invalid('sourceId', 'Choose a source from the list; this one does not exist or was switched off.');
    if (input.investmentId && !tx.select({ id: investments.id }).from(investments).where(eq(investments.id, input.investmentId)).get()) {
      throw invalid('investmentId', 'Choose an investment from the list; this one does not exist.');
    }
    if (assigneeId && !tx.select({ id: users.id }).from(users).where(and(eq(users.id, assigneeId), eq(users.active, true))).get()) {
      throw invalid('assigneeId', 'Choose an active user to assign the lead to.');
    }
    insertSynced(
      tx,
      leads,
      {
        id,
        status: 'new',
        sourceId: source.id,
        investmentId: input.investmentId ?? null,
        assigneeUserId: assigneeId,
        firstName: input.firstName ?? null,
        lastName: input.lastName ?? null,
        phoneRaw: input.phone ?? null,
        phoneE164,
        email: input.email ?? null,
        emailNormalized: normalizeEmail(input.email),
        message: input.message ?? null,
        language: input.language ?? null,
        consentDataProcessing: input.consentDataProcessing,
        consentMarketingEmail: input.consentMarketingEmail,
        consentMarketingPhone: input.consentMarketingPhone,
        priority: input.priority,
        qualification: input.qualification ?? null,
        rawPayload: JSON.stringify({ channel: 'manual', enteredBy: me.username, ...input }),
        ...leadDerivedFields({ firstName: input.firstName, lastName: input.lastName, email: input.email, phoneE164, phoneRaw: input.phone }),
        receivedAt: now,
        createdAt: now,
        updatedAt: now,
      },
      me.id,
    );
    audit(tx, { userId: me.id, action: 'lead.created', entity: 'leads', entityId: id, details: { manual: true, source: source.name } }, now);
  });
  ctx.emit('leads.changed', { ids: [id] });
  return id;
}
