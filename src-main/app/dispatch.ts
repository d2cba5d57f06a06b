import type { z } from 'zod';
import { contract, isMethodName, METHOD_NAMES, type MethodName } from '../../src-shared/api/contract';
import { AppError, type ApiResult, type FieldIssue } from '../../src-shared/api/errors';
import { sqliteToAppError } from '../db/errors';
import type { CallContext, Handlers } from './context';

function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(input)', message: issue.message }));
}

/**
 * Validates, authorizes and runs one call. Never throws: every failure comes back as a typed ApiError.
 * Unexpected failures are logged here, with the method name, and reported as INTERNAL.
 */
export async function dispatch(handlers: Handlers, method: string, input: unknown, ctx: CallContext): Promise<ApiResult<unknown>> {
  try {
    if (!isMethodName(method)) {
      throw new AppError('UNKNOWN_METHOD', `Unknown method "${method}". Known methods: ${METHOD_NAMES.join(', ')}.`);
    }
    const spec = contract[method];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      throw new AppError('VALIDATION', `Invalid input for ${method}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
    }
    if (spec.access === 'signedIn' && !ctx.user) {
      throw new AppError('UNAUTHENTICATED', 'Sign in first: this action needs a signed-in user.');
    }
    const handler = handlers[method] as (args: unknown, ctx: CallContext) => unknown;
    return { ok: true, value: (await handler(parsed.data, ctx)) ?? null };
  } catch (thrown) {
    const error = sqliteToAppError(thrown, ctx.databaseFile);
    if (error instanceof AppError) return { ok: false, error: error.toJSON() };
    console.error(`[lead-desk] ${method} failed:`, error);
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'INTERNAL', message: `Something went wrong in ${method as MethodName}: ${message}` } };
  }
}
