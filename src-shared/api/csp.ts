/** The renderer's Content Security Policy, one source for the <meta> tag, browser mode and Electron's app:// headers. */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** What src-renderer/index.html carries in its meta tag (frame-ancestors is ignored there, so it is left out). */
export const META_CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ');

/** Sent as a response header, where frame-ancestors takes effect. */
export const CONTENT_SECURITY_POLICY = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');
