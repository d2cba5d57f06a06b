import { EVENT_NAMES, HTTP, isApiError } from '../../src-shared';
import type { ApiResult, EventMap, EventName, LeadDeskBridge, MethodName } from '../../src-shared';
import { badResponse, unreachable } from './errors';

/** Relative URL ("api/…", "events"): the service serves the renderer at "/", so it resolves against the page. */
const relative = (path: string): string => path.replace(/^\/+/, '');

function isApiResult(value: unknown): value is ApiResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as { ok?: unknown; error?: unknown };
  return r.ok === true ? 'value' in r : r.ok === false && isApiError(r.error);
}

export async function invokeHttp(method: MethodName, input: unknown): Promise<ApiResult<unknown>> {
  let response: Response;
  try {
    response = await fetch(relative(HTTP.apiPrefix) + method, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', [HTTP.csrfHeader]: '1' },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    throw unreachable();
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw badResponse(`HTTP ${response.status}, not JSON`);
  }
  if (!isApiResult(body)) throw badResponse(`HTTP ${response.status}`);
  return body;
}

export async function invokeBridge(bridge: LeadDeskBridge, method: MethodName, input: unknown): Promise<ApiResult<unknown>> {
  let result: unknown;
  try {
    result = await bridge.invoke(method, input ?? {});
  } catch (err) {
    throw unreachable(err instanceof Error ? err.message : undefined);
  }
  if (!isApiResult(result)) throw badResponse('IPC');
  return result;
}

type AnyListener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<AnyListener>>();
let source: EventSource | null = null;

function dispatch(event: EventName, payload: unknown): void {
  for (const cb of [...(listeners.get(event) ?? [])]) cb(payload);
}

function openSource(): EventSource {
  const es = new EventSource(relative(HTTP.eventsPath));
  let dropped = false;
  for (const name of EVENT_NAMES) {
    es.addEventListener(name, (msg: MessageEvent<string>) => {
      let payload: unknown;
      try {
        payload = JSON.parse(msg.data);
      } catch {
        console.error(`Lead Desk: ignored malformed "${name}" event`, msg.data);
        return;
      }
      dispatch(name, payload);
    });
  }
  es.addEventListener('error', () => {
    dropped = true;
  });
  es.addEventListener('open', () => {
    // After a reconnect, changes may have been missed while the stream was down: let lists refetch.
    if (dropped) dispatch('leads.changed', { ids: [] } satisfies EventMap['leads.changed']);
    dropped = false;
  });
  return es;
}

/** Browser mode: one shared EventSource for all subscribers, closed when the last one leaves. */
export function subscribeSse<E extends EventName>(event: E, cb: (payload: EventMap[E]) => void): () => void {
  const set = listeners.get(event) ?? new Set<AnyListener>();
  listeners.set(event, set);
  const listener = cb as AnyListener;
  set.add(listener);
  source ??= openSource();
  return () => {
    set.delete(listener);
    const remaining = [...listeners.values()].reduce((n, s) => n + s.size, 0);
    if (remaining === 0 && source) {
      source.close();
      source = null;
    }
  };
}
