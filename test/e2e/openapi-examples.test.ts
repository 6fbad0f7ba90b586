import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app.ts';

const addFormats = addFormatsModule.default;

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const escaped = (part: string) => part.replace(/~/g, '~0').replace(/\//g, '~1');
/** A JSON pointer, as the failures name a place: `/paths/~1v1~1me/get`. */
const pointer = (parts: string[]) => parts.map((p) => `/${escaped(p)}`).join('');

/** Every node of the document, with where it is (its path from the root). */
function* nodes(value: unknown, at: string[] = []): Generator<{ node: Node; at: string[] }> {
  if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* nodes(item, [...at, String(i)]);
  if (!isNode(value)) return;
  yield { node: value, at };
  for (const [key, child] of Object.entries(value)) if (key !== 'example' && key !== 'examples') yield* nodes(child, [...at, key]);
}

/** Whether a node is a JSON Schema (not a media type, parameter or response that holds one). */
const inSchema = (at: string[]) => at.includes('schema') || (at[0] === 'components' && at[1] === 'schemas');

/** The properties, and the parameters, of the document that say nothing of what they are. */
function undescribed(document: Node): string[] {
  const missing: string[] = [];
  for (const { node, at } of nodes(document)) {
    if (inSchema(at) && isNode(node.properties))
      for (const [name, property] of Object.entries(node.properties))
        if (!isNode(property) || typeof property.description !== 'string' || property.description.trim() === '')
          missing.push(`${pointer(at)}/properties/${name}`);
    if (at.at(-2) === 'parameters' && typeof node.in === 'string' && !node.description) missing.push(pointer(at));
  }
  return missing;
}

/** Each example of the document checked against the schema it illustrates: what is wrong with each, by where it is. */
function exampleProblems(document: Node): string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(document, 'doc', undefined, false);
  const problems: string[] = [];
  const check = (example: unknown, schemaAt: string[], where: string) => {
    const validate = ajv.compile({ $ref: `doc#${schemaAt.map((p) => `/${encodeURIComponent(escaped(p))}`).join('')}` });
    if (!validate(example))
      for (const e of validate.errors ?? [])
        problems.push(`${where}${e.instancePath}: ${e.message ?? 'invalid'} ${JSON.stringify(e.params)}`);
  };
  for (const { node, at } of nodes(document)) {
    const schemaAt = isNode(node.schema) ? [...at, 'schema'] : inSchema(at) ? at : undefined;
    if (!schemaAt) continue;
    if ('example' in node) check(node.example, schemaAt, `${pointer(at)}/example`);
    if (isNode(node.examples) && !inSchema(at))
      for (const [name, example] of Object.entries(node.examples))
        if (isNode(example)) check(example.value, schemaAt, `${pointer(at)}/examples/${name}`);
  }
  return problems;
}

type Operation = { requestBody?: { content: Record<string, Node> }; responses: Record<string, { content?: Record<string, Node> }> };

/** The request bodies and the success responses with a body that show no example of it. */
function withoutExample(document: { paths: Record<string, Record<string, Operation>> }): string[] {
  const missing: string[] = [];
  for (const [path, item] of Object.entries(document.paths))
    for (const [method, op] of Object.entries(item)) {
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {}))
        if (media.example === undefined) missing.push(`${method} ${path} request ${type}`);
      for (const [status, response] of Object.entries(op.responses))
        if (Number(status) < 300)
          for (const [type, media] of Object.entries(response.content ?? {}))
            if (media.example === undefined) missing.push(`${method} ${path} ${status} ${type}`);
    }
  return missing;
}

describe('the OpenAPI document: every field described, every body with an example its schema accepts', () => {
  let t: TestApp;
  let document: Node & { paths: Record<string, Record<string, Operation>> };

  before(async () => {
    t = await createTestApp();
    document = (await request(t.app).get('/api/openapi.json').expect(200)).body;
  });
  after(() => t.close());

  it('describes every property of every schema (components, request bodies, parameters) and every parameter', () => {
    expect(undescribed(document)).to.deep.equal([]);
  });

  it('shows an example of every request body and of every success response', () => {
    expect(withoutExample(document)).to.deep.equal([]);
  });

  it('and every example in it passes the schema it illustrates (bodies, responses, errors, components, fields, parameters)', () => {
    expect(exampleProblems(document)).to.deep.equal([]);
  });

  it('the same checks catch a stale example and a field without its description', () => {
    const stale = structuredClone(document);
    const create = stale.paths['/v1/contratacoes']?.post?.requestBody?.content['application/json'];
    expect(create?.example).to.be.an('object');
    (create?.example as Node).modalidade = 0;
    expect(exampleProblems(stale)).to.include.members([
      '/paths/~1v1~1contratacoes/post/requestBody/content/application~1json/example/modalidade: must be equal to one of the allowed values {"allowedValues":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,101,102,103,104,105]}',
    ]);
    const schemas = (stale.components as { schemas: Record<string, { properties: Record<string, Node> }> }).schemas;
    delete schemas.Contratacao?.properties.objeto?.description;
    expect(undescribed(stale)).to.include('/components/schemas/Contratacao/properties/objeto');
  });
});
