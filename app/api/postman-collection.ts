import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The parts of a Postman v2.1 collection the product and its generator look at. */
export interface PostmanUrl {
  host?: string[];
  path?: string[];
  raw?: string;
}

export interface PostmanItem {
  id?: string;
  name?: string;
  item?: PostmanItem[];
  request?: { url?: PostmanUrl; auth?: { type: string } };
  response?: Array<{ id?: string; originalRequest?: { url?: PostmanUrl } }>;
}

export interface PostmanCollection {
  info: Record<string, unknown>;
  item: PostmanItem[];
  variable?: Array<{ key: string; value: string; type?: string; description?: string }>;
  auth?: { type: string; oauth2: Array<{ key: string; value: string }> };
  event?: Array<{ listen: string; script: { type: string; exec: string[] } }>;
}

/**
 * The collection is generated from the OpenAPI document when the document changes (`npm run postman`, checked by a
 * test), not by the server: the converter and its ~70 packages stay out of production, and the served document is
 * never touched by it.
 */
export const POSTMAN_COLLECTION_FILE = path.join(import.meta.dirname, 'postman-collection.json');

/** The `baseUrl` the generated file carries; the server puts its own PUBLIC_URL in its place. */
export const POSTMAN_BASE_URL = 'https://cidades.exemplo.gov.br';

/** The collection as this server serves it, serialized once: `baseUrl` is its PUBLIC_URL. */
export function loadPostmanCollection(publicUrl: string): string {
  const collection = JSON.parse(readFileSync(POSTMAN_COLLECTION_FILE, 'utf8')) as PostmanCollection;
  for (const variable of collection.variable ?? []) if (variable.key === 'baseUrl') variable.value = publicUrl;
  return JSON.stringify(collection);
}
