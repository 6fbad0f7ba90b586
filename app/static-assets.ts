import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';

/** A year: an address that carries its file's hash never changes content, so browsers may keep it that long. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** An address without the hash (a bookmark, an old page): kept an hour, then revalidated by its ETag. */
const REVALIDATED = 'public, max-age=3600';

/**
 * The portal's own files under /public, each addressed with its content's hash (`/public/css/portal.css?v=1a2b3c4d5e`):
 * `url()` is what pages link to, so a deployment that changes a file changes its address, and the old one may be
 * cached for good. Served with an ETag either way.
 */
export class StaticAssets {
  private readonly versions = new Map<string, string>();

  constructor(private readonly dir: string) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 10);
      this.versions.set(`/${path.relative(dir, file).split(path.sep).join('/')}`, hash);
    }
  }

  /** The address of `/public/…` with its hash; a path that is no file of the folder is a mistake in a view. */
  url = (publicPath: string): string => {
    const version = this.versions.get(publicPath.replace(/^\/public/, ''));
    if (version === undefined) throw new Error(`${publicPath} is not a file of public/`);
    return `${publicPath}?v=${version}`;
  };

  /** The handler for /public: immutable when the address carries the file's current hash, an hour otherwise. */
  handler(): RequestHandler {
    return express.static(this.dir, {
      index: false,
      setHeaders: (res, file) => {
        const version = this.versions.get(`/${path.relative(this.dir, file).split(path.sep).join('/')}`);
        res.setHeader('Cache-Control', version !== undefined && res.req.query.v === version ? IMMUTABLE : REVALIDATED);
      },
    });
  }
}
