import type { ApiResult } from './errors';
import type { EventMap, EventName, MethodName } from './contract';

/**
 * What the Electron preload exposes on window.leadDesk: a generic invoke and event subscription,
 * never ipcRenderer itself. Browser mode has no bridge; the client falls back to HTTP.
 */
export interface LeadDeskBridge {
  invoke(method: MethodName, input: unknown): Promise<ApiResult<unknown>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
  /** Saves the current page as a PDF (Electron's printToPDF, after a save dialog); absent in browser mode. */
  printToPdf?(suggestedName: string): Promise<{ saved: boolean; path?: string }>;
}
