import type { LeadDeskBridge } from '../src-shared';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode (the client then uses HTTP). */
    leadDesk?: LeadDeskBridge;
  }
}

export {};
