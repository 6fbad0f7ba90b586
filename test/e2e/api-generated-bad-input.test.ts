import { expect } from 'chai';
import fc from 'fast-check';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { cliCaller } from '../../app/caller.ts';
import { createDrainingServer } from '../../app/draining-server.ts';
import { RemessasRepository } from '../../app/remessas/remessas.repository.ts';
import { adminToken, createTribunal } from '../support/admin.ts';
import type { OpenApiDocument } from '../support/contract.ts';
import { contratacaoInput, remessa } from '../support/data.ts';
import { createUg, createUser } from '../support/fixtures.ts';
import { createKey } from '../support/oauth.ts';
import { operationsOf, requestsFor, type GeneratedRequest, type Operation } from '../support/openapi-inputs.ts';
import { createTenancyTest, tokenFor, type TenancyTest } from '../support/tenancy.ts';

// Issue 13, "no 5xx for any input": every operation of the product's own OpenAPI document, sent requests built from
// its schemas and mutated (see openapi-inputs.ts). BAD_INPUT_RUNS sets the requests per operation, BAD_INPUT_SEED the
// seed (`random` for a new one); a failure prints both, and the seed and path fast-check reports reproduce it.

const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 300);
const SEED = process.env.BAD_INPUT_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.BAD_INPUT_SEED ?? 1313);

/** Statuses any operation may answer though it does not list them (the error catalog's generic ones). */
const GENERIC_STATUSES = [400, 401, 403, 404, 405, 406, 409, 412, 413, 415, 422, 428, 429, 431];

interface Sent extends GeneratedRequest {
  method: string;
}

describe('/api generated bad input: every operation of the document, no 5xx and a documented problem', function () {
  this.timeout(60_000 + RUNS * 500);
  let s: TenancyTest;
  let server: http.Server;
  let base: string;
  let operations: Operation[];
  const tokens: Record<'escrita' | 'admin', string> = { escrita: '', admin: '' };
  const answered = new Map<number, number>();

  before(async () => {
    s = await createTenancyTest();
    operations = operationsOf((await request(s.t.app).get('/api/openapi.json').expect(200)).body as OpenApiDocument);
    tokens.escrita = await tokenFor(s.t.app, s.t.services, s.w.own.id, 'escrita');
    tokens.admin = (await adminToken(s.t.app, s.t.services, await createTribunal(s.t.services))).token;
    // The product's server: what Node's HTTP parser refuses (a head over 16 KiB) is answered by it, not by Express.
    server = createDrainingServer(s.t.app).server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  after(async () => {
    const tally = [...answered].sort(([a], [b]) => a - b).map(([status, n]) => `${n} × ${status}`);
    console.log(`  bad input: ${tally.join(', ')}`);
    server?.close();
    await s?.t.close();
  });

  const send = async (sent: Omit<Sent, 'mustFail'>, token: string) => {
    const headers: Record<string, string> = { ...sent.headers, Authorization: `Bearer ${token}` };
    if (sent.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${base}${sent.path}${sent.query ? `?${sent.query}` : ''}`, {
      method: sent.method.toUpperCase(),
      headers,
      body: sent.body === undefined ? undefined : JSON.stringify(sent.body),
    });
    const text = await res.text();
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text };
  };

  /** Fresh records for the operation's path parameters: a mutated DELETE or PATCH changes only its own. */
  async function pathValuesFor(op: Operation): Promise<Record<string, string>> {
    const { services } = s.t;
    const own = String(s.w.own.id);
    if (/^\/v1\/unidades-gestoras\/\{id\}/.test(op.template)) return { id: own };
    if (op.template === '/v1/admin/integracoes/{id}') return { id: String((await createKey(services, s.w.own.id)).id) };
    if (op.template === '/v1/admin/usuarios/{id}') return { id: String((await createUser(services)).id) };
    if (op.template.startsWith('/v1/admin/unidades-gestoras/{id}')) {
      const ug = await createUg(services);
      const user = await createUser(services);
      await services.ugs.addMember(ug.codigo, user.email, cliCaller);
      return { id: String(ug.id), userId: String(user.id) };
    }
    if (op.template === '/v1/contratacoes/{id}') {
      const created = await send(
        {
          method: 'post',
          path: '/v1/contratacoes',
          query: '',
          headers: {},
          body: contratacaoInput({ numeroProcesso: `${op.method}/2025` }),
        },
        tokens.escrita,
      );
      expect(created.status, created.text).to.equal(201);
      return { id: String((JSON.parse(created.text) as { id: number }).id) };
    }
    if (op.template === '/v1/remessas/{id}') {
      await new RemessasRepository(s.t.database.db).insertMany([remessa(s.w.own.id, 'folha_pagamento', '2024-12', 'homologada')]);
      const list = JSON.parse(
        (await send({ method: 'get', path: '/v1/remessas', query: '', headers: {}, body: undefined }, tokens.escrita)).text,
      );
      return { id: String((list as { items: Array<{ id: number }> }).items[0]?.id) };
    }
    if (op.template.includes('{')) return { id: '1' }; // no record: the baseline answers 404, the mutations still run
    return {};
  }

  /** Why a response breaks the rules, if it does. */
  function problemWith(op: Operation, sent: Sent, res: { status: number; contentType: string; text: string }): string | undefined {
    if (res.status >= 500) return `${res.status} (no 5xx for any input)`;
    const documented = op.statuses.filter((status) => status < 500);
    if (!documented.includes(res.status) && !GENERIC_STATUSES.includes(res.status)) return `${res.status} is not documented`;
    if (sent.mustFail && res.status < 400) return `${res.status} although ${sent.mustFail}`;
    if (res.status < 400) return undefined;
    if (!res.contentType.startsWith('application/problem+json')) return `${res.status} as ${res.contentType}, not problem+json`;
    let code: unknown;
    try {
      code = (JSON.parse(res.text) as { code?: unknown }).code;
    } catch {
      return `${res.status} with a body that is not JSON`;
    }
    return typeof code === 'string' && code !== '' ? undefined : `${res.status} problem without a code`;
  }

  it('lists the operations of the document', () => {
    expect(operations.length).to.be.greaterThan(30);
  });

  it(`sends ${RUNS} generated requests to each operation (seed ${SEED}) and gets no 5xx, a documented status, a problem with a code`, async () => {
    const failures: string[] = [];
    for (const op of operations) {
      const token = op.scopes.includes('admin') ? tokens.admin : tokens.escrita;
      const pathValues = await pathValuesFor(op);
      const where = `${op.method.toUpperCase()} ${op.template}`;
      try {
        await fc.assert(
          fc.asyncProperty(requestsFor(op, pathValues), async (generated) => {
            const sent: Sent = { ...generated, method: op.method };
            const res = await send(sent, token);
            answered.set(res.status, (answered.get(res.status) ?? 0) + 1);
            const wrong = problemWith(op, sent, res);
            if (wrong) throw new Error(`${where}: ${wrong}\n  sent ${JSON.stringify(sent)}\n  got ${res.text.slice(0, 300)}`);
          }),
          { seed: SEED, numRuns: RUNS },
        );
      } catch (err) {
        const cause = err instanceof Error && err.cause instanceof Error ? `\n${err.cause.message}` : '';
        failures.push(
          `${where} (BAD_INPUT_SEED=${SEED} BAD_INPUT_RUNS=${RUNS}):\n${err instanceof Error ? err.message : String(err)}${cause}`,
        );
      }
    }
    expect(failures, failures.join('\n\n')).to.deep.equal([]);
  });
});
