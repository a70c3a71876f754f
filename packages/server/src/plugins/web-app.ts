import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError, errorBody } from '../errors';

// The built web app. Files under /assets/ are named by a hash of their content (Vite), so a
// browser may keep them for a year without asking again: a new version has new names. Any
// other file, index.html above all, is asked for again on each visit (a 304 when unchanged),
// so a new version reaches users on their next visit. The build writes brotli and gzip copies
// beside each text file (packages/web/vite.config.ts), sent to browsers that take them: a
// village official's phone on a mobile network downloads under a third of the bytes, and the
// server compresses nothing per request.

export const CACHE_HASHED = 'public, max-age=31536000, immutable';
export const CACHE_REVALIDATE = 'no-cache';

/** A file of the build named by its content's hash. */
function isHashedAsset(path: string): boolean {
  return /[\\/]assets[\\/]/.test(path);
}

/**
 * Serves `webDist` (when there is one) and answers what nothing else does: a page of the web
 * app with index.html, anything else (an API route, a missing file) with a 404 error body.
 */
export async function serveWebApp(app: FastifyInstance, webDist: string | null): Promise<void> {
  if (webDist) {
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      wildcard: false,
      preCompressed: true,
      setHeaders: (reply, path) => {
        void reply.header('cache-control', isHashedAsset(path) ? CACHE_HASHED : CACHE_REVALIDATE);
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes of the web app: any unknown non-API page is answered by index.html;
    // a missing file (/assets/x.js, favicon.png…) is a real 404, never the app's HTML.
    const isPage = !request.url.startsWith('/api') && !/\.[a-z0-9]+(\?|$)/i.test(request.url);
    if (webDist && request.method === 'GET' && isPage) return reply.sendFile('index.html');
    return reply.status(404).send(errorBody(new AppError('not_found')));
  });
}
