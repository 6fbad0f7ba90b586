import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import request from 'supertest';
import {
  POSTMAN_BASE_URL,
  POSTMAN_COLLECTION_FILE,
  type PostmanCollection,
  type PostmanItem,
  type PostmanUrl,
} from '../../app/api/postman-collection.ts';
import { createTestApp } from './app.ts';

const messages = {
  baseUrl: 'Endereço do CidadES, sem barra no fim (a API fica em {{baseUrl}}/api).',
  clientId: 'Client id da integração, gerado pelo gestor da UG em Unidade Gestora → Ações → Integrações.',
  clientSecret: 'Client secret da integração (exibido uma só vez, ao gerar ou renovar).',
  accessToken: 'Preenchido pelo script da coleção ao obter um token; não edite.',
};

/**
 * Postman's own OAuth 2.0 helper needs a click on "Get New Access Token" and newman does not run it at all, so the
 * collection gets its token itself before each request that has none or an expiring one.
 */
const tokenScript = `const expiresAt = Number(pm.collectionVariables.get('accessTokenExpiresAt') || 0);
if (!pm.collectionVariables.get('accessToken') || Date.now() > expiresAt - 30000) {
  pm.sendRequest({
    url: pm.variables.replaceIn('{{baseUrl}}/oauth/token'),
    method: 'POST',
    body: { mode: 'urlencoded', urlencoded: [
      { key: 'grant_type', value: 'client_credentials' },
      { key: 'client_id', value: pm.variables.get('clientId') },
      { key: 'client_secret', value: pm.variables.get('clientSecret') },
    ] },
  }, (err, res) => {
    if (err || res.code !== 200) return console.error('Não foi possível obter um token: confira baseUrl, clientId e clientSecret.', err || res.text());
    const body = res.json();
    pm.collectionVariables.set('accessToken', body.access_token);
    pm.collectionVariables.set('accessTokenExpiresAt', String(Date.now() + body.expires_in * 1000));
  });
}`;

/** A seeded generator (mulberry32) standing in for Math.random while the converter fills values without an example. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The converter fills values without an example from random numbers, through a Math.random its faker keeps from
 * when it loads: that one delegates to `draw`, which is seeded while converting, so one document gives one file.
 */
const unseeded = Math.random;
let draw = unseeded;
Math.random = () => draw();
const { default: converter } = await import('openapi-to-postmanv2');

async function convert(document: object): Promise<PostmanCollection> {
  draw = seededRandom(12);
  try {
    return await converted(structuredClone(document));
  } finally {
    draw = unseeded;
  }
}

function converted(document: object): Promise<PostmanCollection> {
  // `convert` is the library's v1 interface: its options for filling parameters and bodies from the schemas' examples.
  const options = {
    folderStrategy: 'Tags',
    requestParametersResolution: 'Example',
    exampleParametersResolution: 'Example',
    requestNameSource: 'Fallback',
  } as const;
  return new Promise((resolve, reject) => {
    converter.convert({ type: 'json', data: document }, options, (err, result) => {
      const collection = result?.output?.[0]?.data;
      if (err || !result?.result || !collection)
        reject(new Error(`openapi-to-postmanv2: ${err?.message ?? result?.reason ?? 'no collection'}`));
      else resolve(collection as PostmanCollection);
    });
  });
}

/** `{{baseUrl}}/v1/me` becomes `{{baseUrl}}/api/v1/me`: one variable for the site serves the API and the token URL. */
function underApi(url: PostmanUrl | undefined): void {
  if (!url?.host?.includes('{{baseUrl}}')) return;
  url.path = ['api', ...(url.path ?? [])];
  if (url.raw) url.raw = url.raw.replace('{{baseUrl}}', '{{baseUrl}}/api');
}

/** A UUID-shaped id from the item's place in the collection (the converter draws random ones). */
function stableId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function adjust(items: PostmanItem[], parent = ''): void {
  for (const [index, item] of items.entries()) {
    const place = `${parent}/${index}:${item.name ?? ''}`;
    if (item.id) item.id = stableId(place);
    for (const [r, response] of (item.response ?? []).entries()) if (response.id) response.id = stableId(place, String(r));
    if (item.item) adjust(item.item, place);
    underApi(item.request?.url);
    for (const response of item.response ?? []) underApi(response.originalRequest?.url);
    // Requests inherit the collection's OAuth 2.0 settings instead of a copy with a fixed token URL each.
    if (item.request?.auth?.type === 'oauth2') delete item.request.auth;
  }
}

/**
 * The Postman collection of the API, from its OpenAPI document: variables baseUrl, clientId and clientSecret, and
 * OAuth 2.0 client credentials at the collection level. The same document always gives the same collection.
 */
export async function createPostmanCollection(document: object, publicUrl = POSTMAN_BASE_URL): Promise<PostmanCollection> {
  const collection = await convert(document);
  collection.info._postman_id = stableId('collection');
  adjust(collection.item);
  collection.variable = [
    { key: 'baseUrl', value: publicUrl, type: 'string', description: messages.baseUrl },
    { key: 'clientId', value: '', type: 'string', description: messages.clientId },
    { key: 'clientSecret', value: '', type: 'string', description: messages.clientSecret },
    { key: 'accessToken', value: '', type: 'string', description: messages.accessToken },
    { key: 'accessTokenExpiresAt', value: '', type: 'string', description: messages.accessToken },
  ];
  collection.auth = {
    type: 'oauth2',
    oauth2: [
      { key: 'grant_type', value: 'client_credentials' },
      { key: 'accessTokenUrl', value: '{{baseUrl}}/oauth/token' },
      { key: 'clientId', value: '{{clientId}}' },
      { key: 'clientSecret', value: '{{clientSecret}}' },
      { key: 'client_authentication', value: 'header' },
      { key: 'accessToken', value: '{{accessToken}}' },
      { key: 'addTokenTo', value: 'header' },
      { key: 'headerPrefix', value: 'Bearer' },
      { key: 'tokenName', value: 'CidadES' },
    ],
  };
  collection.event = [{ listen: 'prerequest', script: { type: 'text/javascript', exec: tokenScript.split('\n') } }];
  return collection;
}

/** The product's own collection: its OpenAPI document (as any server serves it) converted, as the file's text. */
export async function generatePostmanCollection(): Promise<string> {
  const t = await createTestApp({ env: { PUBLIC_URL: POSTMAN_BASE_URL } });
  try {
    const document = (await request(t.app).get('/api/openapi.json').expect(200)).body as object;
    return `${JSON.stringify(await createPostmanCollection(document), null, 2)}\n`;
  } finally {
    await t.close();
  }
}

// `npm run postman`: writes app/api/postman-collection.json after a change to the API's document.
if (import.meta.main) {
  writeFileSync(POSTMAN_COLLECTION_FILE, await generatePostmanCollection());
  console.log(`${POSTMAN_COLLECTION_FILE} escrito.`);
}
