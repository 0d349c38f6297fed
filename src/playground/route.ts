// The GraphQL IDE at /playground: GraphiQL plus our top bar (tenant, token, sign-in), every file
// served by this process from node_modules and playground/ (no CDN), under a CSP of its own.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Router, type Request, type Response } from 'express';
import { projectPath } from '../paths.js';
import type { Runtime } from '../runtime.js';

const ASSET_PREFIX = '/playground/assets/';

// Replaces the strict default policy set for every other response: GraphiQL needs inline styles
// (its editors set style attributes) and data: fonts and images (its CSS embeds them).
const PLAYGROUND_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface AssetSource {
  path: string;
  type: string;
}

interface Asset {
  type: string;
  body: Buffer;
  gzipped: Buffer;
  hash: string;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** The files the page loads, by the name they are served under. */
function assetSources(): Record<string, AssetSource> {
  const require = createRequire(import.meta.url);
  // None of these packages lists its browser build in `exports`, but each exports its package.json.
  const fromPackage = (pkg: string, file: string) => join(dirname(require.resolve(`${pkg}/package.json`)), file);
  const own = projectPath('playground', 'index.html');
  return {
    'react.production.min.js': { path: fromPackage('react', 'umd/react.production.min.js'), type: JS },
    'react-dom.production.min.js': { path: fromPackage('react-dom', 'umd/react-dom.production.min.js'), type: JS },
    'graphiql.min.js': { path: fromPackage('graphiql', 'graphiql.min.js'), type: JS },
    'graphiql.min.css': { path: fromPackage('graphiql', 'graphiql.min.css'), type: CSS },
    'graphql-sse.min.js': { path: fromPackage('graphql-sse', 'umd/graphql-sse.min.js'), type: JS },
    'playground.js': { path: join(own, 'playground.js'), type: JS },
    'playground.css': { path: join(own, 'playground.css'), type: CSS },
    'index.html': { path: join(own, 'index.html'), type: 'text/html; charset=utf-8' },
  };
}

function asset(type: string, body: Buffer): Asset {
  return { type, body, gzipped: gzipSync(body), hash: createHash('sha256').update(body).digest('base64url').slice(0, 16) };
}

/** Every asset URL in the page carries its content hash, so browsers may cache it for good. */
function renderPage(template: string, assets: Record<string, Asset>, introspection: boolean): Buffer {
  const html = template
    .replaceAll(/\{\{asset:([\w.-]+)\}\}/g, (_m, name: string) => {
      const file = assets[name];
      if (!file) throw new Error(`playground/index.html names an unknown asset: ${name}`);
      return `${ASSET_PREFIX}${name}?v=${file.hash}`;
    })
    .replaceAll('{{introspection}}', introspection ? 'on' : 'off');
  return Buffer.from(html);
}

function send(req: Request, res: Response, file: Asset, cacheControl: string): void {
  const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
  res.setHeader('Content-Security-Policy', PLAYGROUND_CSP);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('Content-Type', file.type);
  res.setHeader('ETag', `"${file.hash}${gzip ? '-gz' : ''}"`);
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  // res.send answers 304 itself when the request's If-None-Match matches the ETag.
  res.send(gzip ? file.gzipped : file.body);
}

export function playgroundRoutes(runtime: Runtime): Router {
  const router = Router();
  // Paths are resolved now (a missing package fails at start); files are read on first use, so
  // processes that never serve the page (tests, workers) pay nothing.
  const sources = assetSources();
  let cache: { assets: Record<string, Asset>; page: Asset } | undefined;
  const loaded = () => {
    if (!cache) {
      const assets = Object.fromEntries(
        Object.entries(sources).map(([name, source]) => [name, asset(source.type, readFileSync(source.path))]),
      );
      const page = renderPage(assets['index.html']!.body.toString('utf8'), assets, runtime.config.introspection);
      cache = { assets, page: asset('text/html; charset=utf-8', page) };
    }
    return cache;
  };

  router.get('/playground', (req, res) => {
    send(req, res, loaded().page, 'no-cache');
  });

  router.get(`${ASSET_PREFIX}:name`, (req, res, next) => {
    const name = req.params.name as string;
    const { assets } = loaded();
    // Own keys only: `constructor` or `__proto__` must be a 404, not a prototype member.
    const file = name === 'index.html' || !Object.hasOwn(assets, name) ? undefined : assets[name];
    if (!file) {
      next();
      return;
    }
    // A URL with the current hash never changes; any other (an old or missing ?v=) revalidates.
    const immutable = req.query.v === file.hash;
    send(req, res, file, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  });

  // A person opening /graphql in a browser wants the IDE; GET queries and tools pass through.
  router.get('/graphql', (req, res, next) => {
    const accept = req.headers.accept ?? '';
    if (req.query.query === undefined && /\btext\/html\b/i.test(accept)) {
      res.redirect(302, '/playground');
      return;
    }
    next();
  });

  return router;
}
