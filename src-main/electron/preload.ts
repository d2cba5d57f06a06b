/**
 * Sandboxed preload: exposes window.leadDesk (LeadDeskBridge) and nothing else.
 * ipcRenderer itself never reaches the page; the page can only invoke contract methods and listen to contract events.
 * Bundled to dist/main/preload.cjs (CJS, one file; only 'electron' stays external).
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { ApiResult } from '../../src-shared/api/errors';
import type { LeadDeskBridge } from '../../src-shared/api/bridge';
import type { EventMap, EventName, MethodName } from '../../src-shared/api/contract';
import { EVENT_CHANNEL, isEventMessage, isKnownMethod, methodChannel, PRINT_PDF_CHANNEL } from './channels';

type AnyListener = (payload: unknown) => void;

const listeners = new Map<EventName, Set<AnyListener>>();

// One IPC listener for all events; it hands each listener only the payload, never the IpcRendererEvent.
ipcRenderer.on(EVENT_CHANNEL, (_event: IpcRendererEvent, message: unknown) => {
  if (!isEventMessage(message)) return;
  const set = listeners.get(message.event);
  if (!set) return;
  for (const listener of [...set]) {
    try {
      listener(message.payload);
    } catch (err) {
      console.error(`[leadDesk] listener for "${message.event}" threw`, err);
    }
  }
});

function failure(code: 'UNKNOWN_METHOD' | 'INTERNAL', message: string): ApiResult<unknown> {
  return { ok: false, error: { code, message } };
}

const bridge: LeadDeskBridge = {
  invoke(method: MethodName, input: unknown): Promise<ApiResult<unknown>> {
    if (!isKnownMethod(method)) {
      return Promise.resolve(failure('UNKNOWN_METHOD', `Unknown method: ${String(method)}`));
    }
    return (ipcRenderer.invoke(methodChannel(method), input) as Promise<ApiResult<unknown>>).catch((err: unknown) =>
      failure('INTERNAL', `IPC call ${method} failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  },

  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('leadDesk.on: listener must be a function');
    const wrapped: AnyListener = (payload) => listener(payload as EventMap[E]);
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
    }
    set.add(wrapped);
    return () => {
      listeners.get(event)?.delete(wrapped);
    };
  },


  printToPdf(suggestedName: string): Promise<{ saved: boolean; path?: string }> {
    return ipcRenderer.invoke(PRINT_PDF_CHANNEL, String(suggestedName).slice(0, 120)) as Promise<{ saved: boolean; path?: string }>;
  },
};

contextBridge.exposeInMainWorld('leadDesk', bridge);
