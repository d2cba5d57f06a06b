import type { TFunction } from 'i18next';
import { toApiClientError } from '../api/client';

export interface ErrorText {
  /** Short, translated headline from the error code. */
  title: string;
  /** The service's own message, or a translated explanation for transport failures. */
  detail: string;
}

/** Any failure in plain words: a translated headline plus what the service said. */
export function describeError(t: TFunction, err: unknown): ErrorText {
  const e = toApiClientError(err);
  if (e.clientFailure === 'unreachable') return { title: t('errors.unreachableTitle'), detail: t('errors.unreachable') };
  if (e.clientFailure === 'bad-response') return { title: t('errors.badResponseTitle'), detail: e.message };
  return { title: t(`errors.codes.${e.code}`, { defaultValue: t('errors.codes.INTERNAL') }), detail: e.message };
}
