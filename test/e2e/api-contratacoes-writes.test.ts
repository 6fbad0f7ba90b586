import { expect } from 'chai';
import request from 'supertest';
import { ContratacoesRepository } from '../../app/contratacoes/contratacoes.repository.ts';
import { contratacaoInput } from '../support/data.ts';
import { accessToken, createKey } from '../support/oauth.ts';
import { contratacaoNotFound, invalidFaseMessage, problem, validationProblem } from '../support/problems.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTenancyWorld, type TenancyWorld } from '../support/tenancy.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

const precondition = problem(
  412,
  'Pré-condição falhou',
  'PRECONDITION_FAILED',
  'O registro foi alterado desde a versão informada. Consulte-o novamente e reenvie a alteração.',
);
const homologada = problem(
  409,
  'Conflito',
  'CONTRATACAO_HOMOLOGADA',
  'Os dados desta contratação já foram homologados pelo Tribunal e não podem ser alterados nem excluídos.',
);
const duplicate = 'Já existe uma contratação com este número de processo e ano nesta unidade gestora.';

describe('POST, PUT, PATCH and DELETE /api/v1/contratacoes', () => {
  let t: TestApp;
  let w: TenancyWorld;
  let token: string;
  let clientId: string;

  before(async () => {
    t = await createTestApp();
    w = await createTenancyWorld(t.services);
    const key = await createKey(t.services, w.own.id, 'escrita');
    clientId = key.clientId;
    token = await accessToken(t.app, key);
  });
  after(() => t.close());

  const send = (method: Method, path = '', bearer = token) =>
    request(t.app)[method](`/api/v1/contratacoes${path}`).set('Authorization', `Bearer ${bearer}`);
  const post = (body: object = contratacaoInput(), bearer = token) => send('post', '', bearer).send(body);
  const stored = (id: number) => t.database.db('contratacoes').where({ id }).first<{ versao: number; objeto: string } | undefined>();

  it('creates in the key’s own UG: 201, Location, ETag, the record with the integração as author', async () => {
    const res = await post(contratacaoInput({ numeroProcesso: 'P-1' }))
      .expect(201)
      .expect('ETag', '"1"');
    expect(res.headers.location).to.equal(`/api/v1/contratacoes/${res.body.id}`);
    expect(res.body).to.deep.include({
      ugId: w.own.id,
      numeroProcesso: 'P-1',
      valorContratado: '123456.70',
      situacao: 'nao_ha_dados_homologados',
      versao: 1,
    });
    expect(res.body.createdBy).to.deep.equal({ clientId, userId: null, nome: `Integração ${clientId}` });
    const shown = await send('get', `/${res.body.id}`).expect(200);
    expect(shown.body).to.deep.equal(res.body);
  });

  it('with an Idempotency-Key, answers a retried identical request with the first result, and refuses the key for other data', async () => {
    const first = await post(contratacaoInput({ numeroProcesso: 'IDEM-1' }))
      .set('Idempotency-Key', 'chave-0001')
      .expect(201);
    expect(first.headers).to.not.have.property('idempotent-replayed');
    // Same data in another field order: the same request.
    const { objeto, ...rest } = contratacaoInput({ numeroProcesso: 'IDEM-1' });
    const retry = await post({ objeto, ...rest })
      .set('Idempotency-Key', 'chave-0001')
      .expect(201)
      .expect('Idempotent-Replayed', 'true');
    expect(retry.body).to.deep.equal(first.body);
    expect(retry.headers.location).to.equal(first.headers.location);
    expect(await t.database.db('contratacoes').where({ numero_processo: 'IDEM-1' })).to.have.length(1);
    const reused = await post(contratacaoInput({ numeroProcesso: 'IDEM-2' }))
      .set('Idempotency-Key', 'chave-0001')
      .expect(422);
    expect(reused.body).to.deep.equal(
      problem(
        422,
        'Dados inválidos',
        'IDEMPOTENCY_KEY_REUSED',
        'Esta chave de idempotência já foi usada em uma requisição diferente. Use uma chave nova para cada operação.',
      ),
    );
    const bad = await post(contratacaoInput({ numeroProcesso: 'IDEM-3' }))
      .set('Idempotency-Key', 'com espaço')
      .expect(422);
    expect(bad.body).to.deep.equal(
      validationProblem([
        { field: 'Idempotency-Key', message: 'A chave de idempotência deve ter de 1 a 255 caracteres visíveis, sem espaços.' },
      ]),
    );
    // Without a key, the same request is a duplicate.
    const dup = await post(contratacaoInput({ numeroProcesso: 'IDEM-1' })).expect(409);
    expect(dup.body).to.deep.equal(problem(409, 'Conflito', 'CONFLICT', duplicate, [{ field: 'numeroProcesso', message: duplicate }]));
  });

  it('answers bad input: each bad field 422, malformed JSON 400, another content type 415', async () => {
    const res = await post({ ...contratacaoInput({ ano: '2025', valorEstimado: 10.5, fase: 'x' }), extra: true }).expect(422);
    expect(res.body).to.deep.equal(
      validationProblem([
        { field: 'ano', message: 'Informe o ano do processo (número inteiro).' },
        { field: 'fase', message: invalidFaseMessage },
        { field: 'valorEstimado', message: 'Informe o valor estimado como texto decimal, por exemplo "1234.56".' },
        { field: 'body', message: 'Campo desconhecido: extra.' },
      ]),
    );
    const malformed = await send('post').set('Content-Type', 'application/json').send('{"ano": ').expect(400);
    expect(malformed.body).to.deep.equal(
      problem(400, 'Requisição inválida', 'MALFORMED_JSON', 'O corpo da requisição não é um JSON válido.'),
    );
    const text = await send('post').set('Content-Type', 'text/plain').send('ano=2025').expect(415);
    expect(text.body).to.include({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('PUT replaces every field and PATCH only those sent, each a new version with its ETag; If-Match with another version answers 412 and changes nothing', async () => {
    const { id } = (await post(contratacaoInput({ numeroProcesso: 'ALT-1' })).expect(201)).body as { id: number };
    const put = await send('put', `/${id}`)
      .set('If-Match', '"1"')
      .send(contratacaoInput({ numeroProcesso: 'ALT-1', objeto: 'Novo objeto', valorContratado: undefined }))
      .expect(200)
      .expect('ETag', '"2"');
    expect(put.body).to.include({ objeto: 'Novo objeto', valorContratado: null, valorEstimado: '150000.00', versao: 2 });
    const patch = await send('patch', `/${id}`)
      .set('If-Match', '*')
      .send({ fase: 'contratacao_direta', modalidade: 8 })
      .expect(200)
      .expect('ETag', '"3"');
    expect(patch.body).to.include({ objeto: 'Novo objeto', fase: 'contratacao_direta', modalidade: 8, versao: 3 });
    expect(patch.body.updatedBy.clientId).to.equal(clientId);
    for (const [method, tag] of [
      ['put', '"2"'],
      ['patch', 'W/"3"'],
      ['patch', '"abc"'],
      ['delete', '"1"'],
    ] as const) {
      const res = await send(method, `/${id}`)
        .set('If-Match', tag)
        .send(method === 'put' ? contratacaoInput({ numeroProcesso: 'ALT-1' }) : { objeto: 'Atrasada' });
      expect(res.status, `${method} ${tag}`).to.equal(412);
      expect(res.body).to.deep.equal(precondition);
    }
    expect(await stored(id)).to.include({ versao: 3, objeto: 'Novo objeto' });
    const badTag = await send('patch', `/${id}`).set('If-Match', '3').send({}).expect(422);
    expect(badTag.body).to.deep.equal(
      validationProblem([{ field: 'If-Match', message: 'Informe no If-Match a ETag recebida, por exemplo "3", ou *.' }]),
    );
  });

  it('PATCH validates the merged record, and a change onto another contratação’s processo + ano is 409', async () => {
    const { id } = (await post(contratacaoInput({ numeroProcesso: 'PAT-1', nllc: false, modalidade: 102 })).expect(201)).body as {
      id: number;
    };
    const invalid = await send('patch', `/${id}`).send({ nllc: true, vigenciaInicio: '2025-05-01', vigenciaFim: '2025-04-30' }).expect(422);
    expect(invalid.body).to.deep.equal(
      validationProblem([
        { field: 'modalidade', message: 'Esta modalidade não existe na Lei 14.133/2021: use um código do PNCP de 1 a 14.' },
        { field: 'vigenciaFim', message: 'O fim da vigência não pode ser anterior ao início.' },
      ]),
    );
    const unknown = await send('patch', `/${id}`).send({ situacao: 'homologada' }).expect(422);
    expect(unknown.body).to.deep.equal(validationProblem([{ field: 'body', message: 'Campo desconhecido: situacao.' }]));
    await post(contratacaoInput({ numeroProcesso: 'PAT-2' })).expect(201);
    const dup = await send('patch', `/${id}`).send({ numeroProcesso: 'PAT-2' }).expect(409);
    expect(dup.body.code).to.equal('CONFLICT');
    expect(await stored(id)).to.include({ versao: 1 });
  });

  it('refuses to change or delete a homologada contratação with 409 CONTRATACAO_HOMOLOGADA', async () => {
    const { id } = (await post(contratacaoInput({ numeroProcesso: 'HOM-1' })).expect(201)).body as { id: number };
    await new ContratacoesRepository(t.database.db).setSituacao(id, 'homologada');
    for (const method of ['put', 'patch', 'delete'] as const) {
      const res = await send(method, `/${id}`)
        .send(method === 'put' ? contratacaoInput({ numeroProcesso: 'HOM-1' }) : { objeto: 'X' })
        .expect(409);
      expect(res.body, method).to.deep.equal(homologada);
    }
    expect(await stored(id)).to.include({ versao: 2, objeto: 'Aquisição de material de expediente' });
  });

  it('DELETE answers 204 without a body, and deleting again, or reading, answers 404', async () => {
    const { id } = (await post(contratacaoInput({ numeroProcesso: 'DEL-1' })).expect(201)).body as { id: number };
    const res = await send('delete', `/${id}`).set('If-Match', '"1"').expect(204);
    expect(res.text ?? '').to.equal('');
    expect((await send('delete', `/${id}`).expect(404)).body).to.deep.equal(contratacaoNotFound);
    expect((await send('get', `/${id}`).expect(404)).body).to.deep.equal(contratacaoNotFound);
    expect(await stored(id)).to.equal(undefined);
  });
});
