/**
 * The Electron shell offers printToPdf (the window as a PDF, after a save dialog). Browser mode has no bridge:
 * there the screen offers Print only (the browser's print dialog can save a PDF too).
 */
export function pdfPrinter(): ((baseName: string) => Promise<{ saved: boolean; path?: string }>) | null {
  const bridge = window.leadDesk;
  const print = bridge?.printToPdf;
  return typeof print === 'function' ? (baseName) => print.call(bridge, baseName) : null;
}
