import type { EventMap, EventName, MethodInput, MethodName, MethodResult } from '../../src-shared';
import { ApiClientError } from './errors';
import { invokeBridge, invokeHttp, subscribeSse } from './transport';

export { ApiClientError, toApiClientError } from './errors';

/**
 * The one typed client for the main-process services. Electron: window.leadDesk (preload bridge);
 * browser mode: HTTP POST api/<method> and server-sent events. Failures throw ApiClientError.
 */
export async function send<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>> {
  const bridge = window.leadDesk;
  const result = bridge ? await invokeBridge(bridge, method, input) : await invokeHttp(method, input);
  if (!result.ok) throw new ApiClientError(result.error);
  return result.value as MethodResult<M>;
}

/** Subscribes to a server-push event; returns the unsubscribe function. */
export function onEvent<E extends EventName>(event: E, cb: (payload: EventMap[E]) => void): () => void {
  const bridge = window.leadDesk;
  return bridge ? bridge.on(event, cb) : subscribeSse(event, cb);
}
