/**
 * Security headers on every response (@fastify/helmet), with a content-security policy the web app
 * and the API docs both run under: scripts only from this origin (the Vite build emits no inline
 * script, and none may be added without a hash), no inline event handlers, no plugins; framed only
 * where FRAME_ANCESTORS allows (by default anywhere: the host CRM shows the app in an iframe).
 * A stored `<script>` or `<img onerror>` that ever reached the DOM as markup would still not run.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

const POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  // 'unsafe-inline' for styles only: ECharts writes its tooltips as HTML with style attributes, and
  // Swagger UI does the same. Styles cannot run code; scripts stay locked down.
  'style-src': ["'self'", "'unsafe-inline'"],
  // data: for the inline SVG favicon and Swagger UI's icons; blob: for a chart saved as an image.
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  // fetch and EventSource (the live stream) go to this origin only.
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'form-action': ["'self'"],
};

/** The policy, with `frame-ancestors` from FRAME_ANCESTORS (the host CRM frames the app). */
export function contentSecurityPolicy(frameAncestors: string[]) {
  return { ...POLICY, 'frame-ancestors': frameAncestors };
}

export async function registerSecurityHeaders(app: FastifyInstance, frameAncestors: string[]) {
  await app.register(helmet, {
    contentSecurityPolicy: {
      // No helmet defaults: they add upgrade-insecure-requests, which breaks a plain-HTTP install
      // reached by host name (every asset request would be rewritten to https).
      useDefaults: false,
      directives: contentSecurityPolicy(frameAncestors),
    },
    // HSTS applies only when served over HTTPS; not for subdomains this service does not own.
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
    // Framing is decided by frame-ancestors alone: X-Frame-Options cannot name several origins.
    frameguard: false,
  });
}
