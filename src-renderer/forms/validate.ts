import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { FieldIssue } from '../../src-shared';
import { toApiClientError } from '../api/client';

export type FieldErrors = Record<string, string>;

/**
 * Checks form values with the shared zod schema before sending, so the common mistakes get
 * translated messages. Key order: validation.<form>.<field>.<code>, validation.<code>, zod's text.
 */
export function validate(t: TFunction, form: string, schema: z.ZodType, values: unknown): FieldErrors {
  const parsed = schema.safeParse(values);
  if (parsed.success) return {};
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.map(String).join('.');
    if (errors[field]) continue;
    const min = issue.code === 'too_small' ? Number(issue.minimum) : undefined;
    const max = issue.code === 'too_big' ? Number(issue.maximum) : undefined;
    const code = min === 1 ? 'required' : issue.code;
    const keys = [`validation.${form}.${field}.${code}`, `validation.${code}`];
    errors[field] = t(keys, { count: min ?? max ?? 0, defaultValue: issue.message });
  }
  return errors;
}

/** Splits a failed call into per-field messages (VALIDATION issues on known fields) and the rest. */
export function splitIssues(err: unknown, fields: readonly string[]): { fieldErrors: FieldErrors; rest: unknown } {
  const e = toApiClientError(err);
  if (e.code !== 'VALIDATION' || !e.issues?.length) return { fieldErrors: {}, rest: e };
  const fieldErrors: FieldErrors = {};
  const unplaced: FieldIssue[] = [];
  for (const issue of e.issues) {
    if (fields.includes(issue.field) && !fieldErrors[issue.field]) fieldErrors[issue.field] = issue.message;
    else unplaced.push(issue);
  }
  return { fieldErrors, rest: unplaced.length ? e : null };
}
