import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The parts of a Postman v2.1 collection the product and its generator write and read. */
export interface PostmanUrl {
  raw: string;
  host: string[];
  path: string[];
  query?: Array<{ key: string; value: string; description?: string; disabled?: boolean }>;
  variable?: Array<{ key: string; value: string; description?: string }>;
}

export interface PostmanScript {
  listen: 'prerequest' | 'test';
  script: { type: 'text/javascript'; exec: string[] };
}

interface PostmanRequest {
  method: string;
  header: Array<{ key: string; value: string; description?: string; disabled?: boolean }>;
  url: PostmanUrl;
  body?: { mode: string; raw: string; options: { raw: { language: string } } };
  description?: string;
}

export interface PostmanItem {
  id: string;
  name: string;
  description?: string;
  /** A folder's requests (or folders). */
  item?: PostmanItem[];
  request?: PostmanRequest;
  response?: Array<{
    id: string;
    name: string;
    originalRequest: Omit<PostmanRequest, 'description'>;
    status: string;
    code: number;
    header: Array<{ key: string; value: string }>;
    body: string;
    _postman_previewlanguage: string;
  }>;
  event?: PostmanScript[];
}

export interface PostmanCollection {
  info: { _postman_id: string; name: string; description: string; schema: string };
  item: PostmanItem[];
  variable: Array<{ key: string; value: string; type: string; description: string }>;
  auth: { type: string; oauth2: Array<{ key: string; value: string }> };
  event: PostmanScript[];
}

/**
 * The collection is generated from the OpenAPI document when the document changes (`npm run postman`, checked by a
 * test), not by the server: the served document is never touched by it.
 */
export const POSTMAN_COLLECTION_FILE = path.join(import.meta.dirname, 'postman-collection.json');

/** The `baseUrl` the generated file carries; the server puts its own PUBLIC_URL in its place. */
export const POSTMAN_BASE_URL = 'https://cidades.exemplo.gov.br';

/** The collection as this server serves it, serialized once: `baseUrl` is its PUBLIC_URL. */
export function loadPostmanCollection(publicUrl: string): string {
  const collection = JSON.parse(readFileSync(POSTMAN_COLLECTION_FILE, 'utf8')) as PostmanCollection;
  for (const variable of collection.variable) if (variable.key === 'baseUrl') variable.value = publicUrl;
  return JSON.stringify(collection);
}
