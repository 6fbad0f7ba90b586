import converter from 'openapi-to-postmanv2';

/** The parts of a Postman v2.1 collection this file changes. */
interface PostmanUrl {
  host?: string[];
  path?: string[];
  raw?: string;
}

interface PostmanItem {
  item?: PostmanItem[];
  request?: { url?: PostmanUrl; auth?: { type: string } };
  response?: Array<{ originalRequest?: { url?: PostmanUrl } }>;
}

export interface PostmanCollection {
  info: Record<string, unknown>;
  item: PostmanItem[];
  variable?: Array<{ key: string; value: string; type?: string; description?: string }>;
  auth?: { type: string; oauth2: Array<{ key: string; value: string }> };
  event?: Array<{ listen: string; script: { type: string; exec: string[] } }>;
}

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

function convert(document: object): Promise<PostmanCollection> {
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

function adjust(items: PostmanItem[]): void {
  for (const item of items) {
    if (item.item) adjust(item.item);
    underApi(item.request?.url);
    for (const response of item.response ?? []) underApi(response.originalRequest?.url);
    // Requests inherit the collection's OAuth 2.0 settings instead of a copy with a fixed token URL each.
    if (item.request?.auth?.type === 'oauth2') delete item.request.auth;
  }
}

/**
 * The Postman collection of the API, from its OpenAPI document: variables baseUrl, clientId and clientSecret, and
 * OAuth 2.0 client credentials at the collection level.
 */
export async function createPostmanCollection(document: object, publicUrl: string): Promise<PostmanCollection> {
  const collection = await convert(document);
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
