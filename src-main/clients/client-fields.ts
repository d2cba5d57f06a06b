import { eq } from 'drizzle-orm';
import type { CountryCode } from 'libphonenumber-js';
import { AppError } from '../../src-shared/api/errors';
import { clientDerivedFields } from '../../src-shared/clients/match-keys';
import type { ClientFields } from '../../src-shared/clients/types';
import { normalizeEmail, normalizePhone } from '../../src-shared/text/normalize';
import type { Db } from '../db/open';
import { investments, sources } from '../db/schema';

export const invalidField = (field: string, message: string) => new AppError('VALIDATION', message, [{ field, message }]);

/** The phone in E.164 for the office's region, or a VALIDATION error on client.phone. Call before the transaction. */
export function clientPhone(input: Pick<ClientFields, 'phone'>, region: CountryCode): string | null {
  const phoneE164 = input.phone ? normalizePhone(input.phone, region) : null;
  if (input.phone && !phoneE164) {
    throw invalidField('client.phone', `"${input.phone}" is not a phone number we can call. Type it as 600 100 200 (${region}) or with its country code.`);
  }
  return phoneE164;
}

/** Refuses a source or investment that does not exist (inside the write transaction). */
export function checkClientReferences(tx: Db, refs: { originSourceId: string | null; preferredInvestmentId: string | null }): void {
  if (refs.originSourceId && !tx.select({ id: sources.id }).from(sources).where(eq(sources.id, refs.originSourceId)).get()) {
    throw invalidField('client.originSourceId', 'Choose a source from the list.');
  }
  if (refs.preferredInvestmentId && !tx.select({ id: investments.id }).from(investments).where(eq(investments.id, refs.preferredInvestmentId)).get()) {
    throw invalidField('client.preferredInvestmentId', 'Choose an investment from the list.');
  }
}

/** The client's person columns as stored: contact as typed and normalized, and the search and duplicate keys. */
export function clientPersonColumns(input: ClientFields, phoneE164: string | null) {
  const person = { firstName: input.firstName ?? null, lastName: input.lastName ?? null, email: input.email ?? null, phoneE164, phoneRaw: input.phone ?? null };
  return {
    firstName: person.firstName,
    lastName: person.lastName,
    phoneRaw: person.phoneRaw,
    phoneE164,
    email: person.email,
    emailNormalized: normalizeEmail(person.email),
    description: input.description ?? null,
    consentDataProcessing: input.consentDataProcessing,
    consentMarketingEmail: input.consentMarketingEmail,
    consentMarketingPhone: input.consentMarketingPhone,
    ...clientDerivedFields(person),
  };
}
