import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import request from 'supertest';
import {
  POSTMAN_BASE_URL,
  POSTMAN_COLLECTION_FILE,
  type PostmanCollection,
  type PostmanItem,
  type PostmanScript,
} from '../../app/api/postman-collection.ts';
import { createTestApp } from './app.ts';

/** The parts of the OpenAPI document the collection is built from. */
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema?: { example?: unknown; default?: unknown };
}

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { example?: unknown }> }>;
  tags?: string[];
}

export interface OpenApiPaths {
  paths: Record<string, Record<string, Operation>>;
}

/**
 * One request of a flow: the operation, where its path parameters and body fields come from (collection variables
 * set by earlier requests), and what it keeps of its response for the requests after it.
 */
export interface Step {
  operationId: string;
  /** Path parameter → the variable that holds it. */
  path?: Record<string, string>;
  /** Body field → raw JSON put in its place (`"{{var}}"` for a string, `{{var}}` for a number). */
  body?: Record<string, string>;
  /** Request header → value; the header is then sent (documented optional headers are otherwise off). */
  headers?: Record<string, string>;
  /** Variable → JavaScript expression over the response's `body` (JSON) and `res`, saved after a 2xx. */
  saves?: Record<string, string>;
  /** The request runs only when the variable is set (a record to read exists). */
  needs?: string;
  /** Before it, new values for this run (`execucao`, a CPF, a CNPJ), so a second run does not clash with the first. */
  fresh?: true;
}

/** Values a run makes its own, so the collection runs again without clashing with what an earlier run created. */
const runValues = `// Valores desta execução, para não repetir o que uma execução anterior criou.
const run = String(Date.now() % 1e8).padStart(8, '0');
const digit = (values, weights) => { const rest = values.reduce((s, v, i) => s + v * weights[i], 0) % 11; return rest < 2 ? 0 : 11 - rest; };
const cpf = [...('1' + run)].map(Number);
cpf.push(digit(cpf, [10, 9, 8, 7, 6, 5, 4, 3, 2]));
cpf.push(digit(cpf, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]));
const cnpj = [...(run + '0001')].map(Number);
cnpj.push(digit(cnpj, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
cnpj.push(digit(cnpj, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
pm.collectionVariables.set('execucao', run);
pm.collectionVariables.set('execucaoCpf', cpf.join(''));
pm.collectionVariables.set('execucaoCnpj', cnpj.join(''));`;

const etagSaved = (variable: string) => ({ [variable]: "res.headers.get('ETag')" });

/**
 * What an integration does, in order: who am I, my UG, then a contratação created, read, replaced, changed and
 * deleted, then the records it reads (each one only if the listing before it found one).
 */
const dataFlow: Step[] = [
  { operationId: 'getMe', saves: { ugId: 'body.unidadeGestora.id' } },
  { operationId: 'listUnidadesGestoras' },
  { operationId: 'getUnidadeGestora', path: { id: 'ugId' } },
  { operationId: 'listResponsaveis', path: { id: 'ugId' } },
  { operationId: 'listContratacoes' },
  {
    operationId: 'createContratacao',
    fresh: true,
    body: { numeroProcesso: '"POSTMAN-{{execucao}}"' },
    saves: { contratacaoId: 'body.id', ...etagSaved('contratacaoEtag') },
  },
  { operationId: 'getContratacao', path: { id: 'contratacaoId' } },
  {
    operationId: 'replaceContratacao',
    path: { id: 'contratacaoId' },
    body: { numeroProcesso: '"POSTMAN-{{execucao}}"' },
    headers: { 'If-Match': '{{contratacaoEtag}}' },
    saves: etagSaved('contratacaoEtag'),
  },
  {
    operationId: 'patchContratacao',
    path: { id: 'contratacaoId' },
    headers: { 'If-Match': '{{contratacaoEtag}}' },
    saves: etagSaved('contratacaoEtag'),
  },
  { operationId: 'deleteContratacao', path: { id: 'contratacaoId' }, headers: { 'If-Match': '{{contratacaoEtag}}' } },
  { operationId: 'listRemessas', saves: { remessaId: 'body.items[0]?.id' } },
  { operationId: 'getRemessa', path: { id: 'remessaId' }, needs: 'remessaId' },
  { operationId: 'listAtosAdmissao', saves: { admissaoId: 'body.items[0]?.id' } },
  { operationId: 'getAtoAdmissao', path: { id: 'admissaoId' }, needs: 'admissaoId' },
  { operationId: 'listConcessoesBeneficio', saves: { concessaoId: 'body.items[0]?.id' } },
  { operationId: 'getConcessaoBeneficio', path: { id: 'concessaoId' }, needs: 'concessaoId' },
];

const ugFields = { codigo: '"POSTMAN-{{execucao}}"', cnpj: '"{{execucaoCnpj}}"', agregadoraId: 'null' };
const userFields = { email: '"postman.{{execucao}}@exemplo.gov.br"', cpf: '"{{execucaoCpf}}"' };

/**
 * What the Tribunal's automation does: a UG, a user made its member, a key of that UG blocked; then each undone in
 * reverse (the UG deleted last, once nothing uses it), and the audit trail of it all.
 */
const adminFlow: Step[] = [
  { operationId: 'adminListUnidadesGestoras' },
  { operationId: 'adminCreateUnidadeGestora', fresh: true, body: ugFields, saves: { adminUgId: 'body.id' } },
  { operationId: 'adminGetUnidadeGestora', path: { id: 'adminUgId' } },
  { operationId: 'adminReplaceUnidadeGestora', path: { id: 'adminUgId' }, body: ugFields },
  { operationId: 'adminListUsuarios' },
  { operationId: 'adminCreateUsuario', body: userFields, saves: { adminUsuarioId: 'body.id' } },
  { operationId: 'adminGetUsuario', path: { id: 'adminUsuarioId' } },
  { operationId: 'adminReplaceUsuario', path: { id: 'adminUsuarioId' }, body: userFields },
  { operationId: 'adminPutMembroUnidadeGestora', path: { id: 'adminUgId', userId: 'adminUsuarioId' }, body: { papel: '"membro"' } },
  { operationId: 'adminListMembrosUnidadeGestora', path: { id: 'adminUgId' } },
  { operationId: 'adminListIntegracoes' },
  { operationId: 'adminCreateIntegracao', body: { ugId: '{{adminUgId}}' }, saves: { adminIntegracaoId: 'body.id' } },
  { operationId: 'adminGetIntegracao', path: { id: 'adminIntegracaoId' } },
  { operationId: 'adminGetIntegracaoUso', path: { id: 'adminIntegracaoId' } },
  { operationId: 'adminUpdateIntegracao', path: { id: 'adminIntegracaoId' } },
  { operationId: 'adminDeleteIntegracao', path: { id: 'adminIntegracaoId' } },
  { operationId: 'adminDeleteMembroUnidadeGestora', path: { id: 'adminUgId', userId: 'adminUsuarioId' } },
  { operationId: 'adminUpdateUsuario', path: { id: 'adminUsuarioId' } },
  { operationId: 'adminUpdateUnidadeGestora', path: { id: 'adminUgId' } },
  { operationId: 'adminDeleteUnidadeGestora', path: { id: 'adminUgId' } },
  { operationId: 'adminListAuditoria' },
];

const messages = {
  data: 'As operações de uma integração (escopos `leitura` e `escrita`), na ordem em que uma depende da outra: a contratação criada é lida, substituída, alterada e excluída. Com uma chave de `leitura`, as de escrita respondem 403.',
  admin:
    'As operações de administração (escopo `admin`, somente integrações da UG do Tribunal): cria uma UG, um usuário membro dela e uma integração, e desfaz tudo em seguida. Use o clientId e o clientSecret de uma integração admin.',
  baseUrl: 'Endereço do CidadES, sem barra no fim (a API fica em {{baseUrl}}/api).',
  clientId: 'Client id da integração, gerado pelo gestor da UG em Unidade Gestora → Ações → Integrações.',
  clientSecret: 'Client secret da integração (exibido uma só vez, ao gerar ou renovar).',
  accessToken: 'Preenchido pelo script da coleção ao obter um token; não edite.',
  flow: 'Preenchido pelas requisições da coleção, para as seguintes; não edite.',
  skipped: (variable: string) => `Nenhum registro para ler: a listagem anterior veio vazia (${variable}).`,
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

/** A UUID-shaped id from the item's place in the collection: the same document always gives the same file. */
function stableId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const script = (listen: 'prerequest' | 'test', code: string): PostmanScript => ({
  listen,
  script: { type: 'text/javascript', exec: code.split('\n') },
});

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
const exampleOf = (p: Parameter) => p.schema?.example ?? p.schema?.default;

/** The body the operation documents, with the fields the step takes from variables. */
function rawBody(example: unknown, replaced: Record<string, string> = {}): string {
  const marked = { ...(example as Record<string, unknown>), ...Object.fromEntries(Object.keys(replaced).map((k) => [k, `@@${k}@@`])) };
  let raw = JSON.stringify(marked, null, 2);
  for (const [field, value] of Object.entries(replaced)) raw = raw.replace(`"@@${field}@@"`, value);
  return raw;
}

/** The test each request runs: a 2xx, then what the step keeps for the requests after it. */
function testScript(name: string, step: Step): string {
  const saves = Object.entries(step.saves ?? {}).map(
    ([variable, expression]) => `  pm.collectionVariables.set('${variable}', String(${expression} ?? ''));`,
  );
  const lines = [`pm.test(${JSON.stringify(`${name}: resposta 2xx`)}, () => pm.expect(pm.response.code).to.be.within(200, 299));`];
  if (saves.length > 0) {
    const needsBody = Object.values(step.saves ?? {}).some((e) => e.includes('body'));
    lines.push(
      'if (pm.response.code >= 200 && pm.response.code < 300) {',
      ...(needsBody ? ['  const body = pm.response.json();'] : []),
      '  const res = pm.response;',
      ...saves,
      '}',
    );
  }
  return lines.join('\n');
}

function requestItem(path: string, method: string, op: Operation, step: Step, place: string): PostmanItem {
  const parameters = op.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const urlPath = [
    'api',
    ...path
      .split('/')
      .filter(Boolean)
      .map((segment) => segment.replace(/^\{(\w+)\}$/, ':$1')),
  ];
  const query = parameters
    .filter((p) => p.in === 'query')
    .map((p) => ({ key: p.name, value: text(exampleOf(p) ?? ''), description: p.description, disabled: true }));
  const headers = parameters
    .filter((p) => p.in === 'header')
    .map((p) => {
      const value = step.headers?.[p.name];
      return { key: p.name, value: value ?? text(exampleOf(p) ?? ''), description: p.description, disabled: value === undefined };
    });
  const bodyExample = op.requestBody?.content['application/json']?.example;
  const [status, success] = Object.entries(op.responses).find(([code]) => Number(code) < 300) ?? [];
  const url = {
    raw: `{{baseUrl}}/${urlPath.join('/')}`,
    host: ['{{baseUrl}}'],
    path: urlPath,
    ...(query.length > 0 ? { query } : {}),
    ...(pathParams.length > 0
      ? {
          variable: pathParams.map((p) => ({
            key: p.name,
            value: step.path?.[p.name] ? `{{${step.path[p.name]}}}` : text(exampleOf(p)),
            description: p.description,
          })),
        }
      : {}),
  };
  const body =
    bodyExample === undefined ? undefined : { mode: 'raw', raw: rawBody(bodyExample, step.body), options: { raw: { language: 'json' } } };
  const header = [...(body ? [{ key: 'Content-Type', value: 'application/json' }] : []), ...headers];
  const responseExample = success?.content?.['application/json']?.example;
  const skip = `if (!pm.collectionVariables.get('${step.needs}')) {\n  console.log(${JSON.stringify(messages.skipped(step.needs ?? ''))});\n  pm.execution.skipRequest();\n}`;
  const before = [...(step.needs ? [skip] : []), ...(step.fresh ? [runValues] : [])];
  const prerequest = before.length > 0 ? [script('prerequest', before.join('\n'))] : [];
  return {
    id: stableId(place),
    name: op.summary,
    request: { method: method.toUpperCase(), header, url, ...(body ? { body } : {}), description: op.description },
    response: success
      ? [
          {
            id: stableId(place, 'response'),
            name: success.description,
            originalRequest: { method: method.toUpperCase(), header, url, ...(body ? { body } : {}) },
            status: STATUS_CODES[Number(status)] ?? '',
            code: Number(status),
            header: responseExample === undefined ? [] : [{ key: 'Content-Type', value: 'application/json' }],
            body: responseExample === undefined ? '' : JSON.stringify(responseExample, null, 2),
            _postman_previewlanguage: responseExample === undefined ? 'text' : 'json',
          },
        ]
      : [],
    event: [...prerequest, script('test', testScript(op.summary, step))],
  };
}

/** A folder of the collection: requests that run in this order, each passing what it created to the next. */
export interface Flow {
  name: string;
  description: string;
  steps: Step[];
}

/** The product's two folders: the integrations' operations, and the Tribunal's admin ones. */
export const productFlows: Flow[] = [
  { name: 'API de dados', description: messages.data, steps: dataFlow },
  { name: 'Administração', description: messages.admin, steps: adminFlow },
];

/** A flow as a folder, its requests grouped by tag in the flow's order, numbered as they run. */
function folder({ name, description, steps }: Flow, operations: Map<string, [string, string, Operation]>): PostmanItem {
  const groups: PostmanItem[] = [];
  for (const [index, step] of steps.entries()) {
    const found = operations.get(step.operationId);
    if (!found) throw new Error(`the Postman flow names ${step.operationId}, which the document does not have`);
    operations.delete(step.operationId);
    const [path, method, op] = found;
    const tag = op.tags?.[0] ?? 'API';
    let group = groups.at(-1);
    if (group?.name !== tag) groups.push((group = { id: stableId(name, String(groups.length), tag), name: tag, item: [] }));
    const item = requestItem(path, method, op, step, `${name}/${step.operationId}`);
    group.item?.push({ ...item, name: `${index + 1}. ${item.name}` });
  }
  return { id: stableId(name), name, description, item: groups };
}

/**
 * The Postman collection of the API, from its OpenAPI document: two folders (the integrations' operations, and the
 * admin ones), each a flow whose requests pass created ids and ETags to the next; bodies and parameters are the
 * document's examples, optional parameters present but off. Variables baseUrl, clientId and clientSecret; the
 * collection gets its own token (client credentials). Every operation of the document is in one flow, or this throws.
 */
export function createPostmanCollection(document: OpenApiPaths, publicUrl = POSTMAN_BASE_URL, flows = productFlows): PostmanCollection {
  const operations = new Map<string, [string, string, Operation]>();
  for (const [path, item] of Object.entries(document.paths))
    for (const [method, op] of Object.entries(item)) operations.set(op.operationId, [path, method, op]);
  const item = flows.map((flow) => folder(flow, operations));
  if (operations.size > 0) throw new Error(`operations in no Postman flow: ${[...operations.keys()].join(', ')}`);
  const flowVariables = [...new Set(flows.flatMap((f) => f.steps.flatMap((s) => Object.keys(s.saves ?? {}))))];
  return {
    info: {
      _postman_id: stableId('collection'),
      name: 'API do CidadES',
      description:
        'Gerada do documento OpenAPI (/api/openapi.json). Preencha clientId e clientSecret nas variáveis da coleção; ' +
        'a coleção obtém o token sozinha. Rode cada pasta com a chave certa: "API de dados" com uma de escrita, "Administração" com uma admin.',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item,
    variable: [
      { key: 'baseUrl', value: publicUrl, type: 'string', description: messages.baseUrl },
      { key: 'clientId', value: '', type: 'string', description: messages.clientId },
      { key: 'clientSecret', value: '', type: 'string', description: messages.clientSecret },
      { key: 'accessToken', value: '', type: 'string', description: messages.accessToken },
      { key: 'accessTokenExpiresAt', value: '', type: 'string', description: messages.accessToken },
      ...['execucao', 'execucaoCpf', 'execucaoCnpj', ...flowVariables].map((key) => ({
        key,
        value: '',
        type: 'string',
        description: messages.flow,
      })),
    ],
    auth: {
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
    },
    event: [script('prerequest', tokenScript)],
  };
}

/** The product's own collection: its OpenAPI document (as any server serves it) converted, as the file's text. */
export async function generatePostmanCollection(): Promise<string> {
  const t = await createTestApp({ env: { PUBLIC_URL: POSTMAN_BASE_URL } });
  try {
    const document = (await request(t.app).get('/api/openapi.json').expect(200)).body as OpenApiPaths;
    return `${JSON.stringify(createPostmanCollection(document), null, 2)}\n`;
  } finally {
    await t.close();
  }
}

// `npm run postman`: writes app/api/postman-collection.json after a change to the API's document.
if (import.meta.main) {
  writeFileSync(POSTMAN_COLLECTION_FILE, await generatePostmanCollection());
  console.log(`${POSTMAN_COLLECTION_FILE} escrito.`);
}
