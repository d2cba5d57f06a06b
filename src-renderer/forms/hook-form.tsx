import type { ReactNode } from 'react';
import type { FieldErrors, FieldValues, Path, Resolver, UseFormSetError } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { CountryCode } from 'libphonenumber-js';
import type { z } from 'zod';
import { normalizePhone } from '../../src-shared/text/normalize';
import { toApiClientError } from '../api/client';

/**
 * The shared zod schema as a react-hook-form resolver, plus the phone check that needs the office's region
 * (the service checks both again).
 */
export function resolverWithPhone<V extends FieldValues & { phone: string }, O>(schema: z.ZodType, region: CountryCode, phoneMessage: string): Resolver<V, unknown, O> {
  const base = zodResolver(schema as never) as unknown as Resolver<V, unknown, O>;
  return async (values, context, options) => {
    const result = await base(values, context, options);
    if (values.phone.trim() && !normalizePhone(values.phone, region)) {
      const errors = { ...result.errors, phone: result.errors.phone ?? { type: 'phone', message: phoneMessage } } as FieldErrors<V>;
      return { values: {}, errors };
    }
    return result;
  };
}

/**
 * Puts a refused call's field issues next to their fields (a service field "client.phone" is the form's
 * "phone" when `prefix` is "client."). Returns the error to show above the buttons, or null when all were placed.
 */
export function placeServerIssues<V extends FieldValues>(err: unknown, fields: readonly string[], setError: UseFormSetError<V>, prefix = ''): unknown {
  const e = toApiClientError(err);
  const placed = (e.issues ?? []).map((i) => ({ ...i, field: i.field.startsWith(prefix) ? i.field.slice(prefix.length) : i.field })).filter((i) => fields.includes(i.field));
  for (const issue of placed) setError(issue.field as Path<V>, { type: 'server', message: issue.message });
  return e.code !== 'VALIDATION' || placed.length === 0 ? err : null;
}

/** A labelled field with its error underneath, and the input's matching a11y props; ids start with `prefix`. */
export function formFields<F extends string>(prefix: string, errorOf: (name: F) => string | undefined) {
  return {
    field: (name: F, label: string, input: ReactNode) => {
      const error = errorOf(name);
      return (
        <div className={error ? 'field has-error' : 'field'}>
          <label htmlFor={`${prefix}-${name}`}>{label}</label>
          {input}
          {error ? (
            <p className="field-error" id={`${prefix}-${name}-error`} data-testid={`${prefix}-${name}-error`}>
              {error}
            </p>
          ) : null}
        </div>
      );
    },
    a11y: (name: F) => ({
      id: `${prefix}-${name}`,
      'aria-invalid': errorOf(name) ? true : undefined,
      'aria-describedby': errorOf(name) ? `${prefix}-${name}-error` : undefined,
      'data-testid': `${prefix}-${name}`,
    }),
  };
}
