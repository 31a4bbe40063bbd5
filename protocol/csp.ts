/**
 * The editor page's Content-Security-Policy, put into the built index.html as a <meta> (Vite's
 * build; the dev server needs inline scripts and goes without). In protocol/ because both the
 * renderer's build and the desktop app's main process use it. The same page runs under
 * `foresight serve` (WebSocket to its own host: connect-src 'self') and in the desktop app
 * (its own scheme, foresight-app://editor, which also sends this policy as a header; no network).
 * Scripts only from the page's own files — no inline scripts, no eval;
 * styles may be inline (React Flow and Monaco set them); workers from the page's own files
 * (Monaco's, built by Vite). Nothing remote. `frame-ancestors` cannot be set from a <meta>: the server sends it as a header.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-src 'none'",
].join("; ");
