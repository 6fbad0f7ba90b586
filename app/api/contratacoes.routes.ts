import type { Response } from 'express';
import type { z } from 'zod';
import { authorshipOf } from '../caller.ts';
import type { Contratacao } from '../contratacoes/contratacoes.repository.ts';
import type { ContratacoesService } from '../contratacoes/contratacoes.service.ts';
import { ANSWERED, type ApiRoutes } from './api-routes.ts';
import {
  type contratacaoApiSchema,
  createContratacao,
  deleteContratacao,
  getContratacao,
  listContratacoes,
  patchContratacao,
  replaceContratacao,
} from './contratacoes.operations.ts';
import { etagOf, expectedVersaoOf, holdsCurrent } from './etag.ts';

/** A contratação as the API sends it. */
export function contratacaoToApi(c: Contratacao): z.input<typeof contratacaoApiSchema> {
  return {
    id: c.id,
    ugId: c.ugId,
    numeroProcesso: c.numeroProcesso,
    ano: c.ano,
    nllc: c.nllc,
    modalidade: c.modalidade,
    fase: c.fase,
    objeto: c.objeto,
    valorEstimado: c.valorEstimado,
    valorContratado: c.valorContratado,
    dataPublicacao: c.dataPublicacao,
    dataAssinatura: c.dataAssinatura,
    vigenciaInicio: c.vigenciaInicio,
    vigenciaFim: c.vigenciaFim,
    fornecedor: c.fornecedor === null ? null : { documento: c.fornecedor.documento, nome: c.fornecedor.nome },
    codigoPncp: c.codigoPncp,
    situacao: c.situacao,
    versao: c.versao,
    createdBy: authorshipOf(c.createdBy),
    updatedBy: authorshipOf(c.updatedBy),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** The record with its version as the ETag: what every answer carrying one contratação sends. */
function withEtag(res: Response, contratacao: Contratacao) {
  res.setHeader('ETag', etagOf(contratacao.versao));
  return contratacaoToApi(contratacao);
}

export function addContratacoesRoutes(routes: ApiRoutes, contratacoes: ContratacoesService): void {
  routes.add(listContratacoes, async ({ query: { limit, cursor, ...filters }, caller, cursors }) =>
    cursors.envelope(await contratacoes.list(caller, { filters, ...cursors.request({ limit, cursor }) }), contratacaoToApi),
  );
  routes.add(getContratacao, async ({ params, headers, caller, res }) => {
    const contratacao = await contratacoes.get(caller, params.id);
    if (!holdsCurrent(headers['If-None-Match'], etagOf(contratacao.versao))) return withEtag(res, contratacao);
    res.status(304).setHeader('ETag', etagOf(contratacao.versao)).end();
    return ANSWERED;
  });
  routes.add(createContratacao, async ({ headers, body, caller, res }) => {
    const { contratacao, replayed } = await contratacoes.create(caller, body, { idempotencyKey: headers['Idempotency-Key'] });
    // A replay answers as the first request did; the header tells a client that looks that nothing new was created.
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.location(`${res.req.baseUrl}/contratacoes/${contratacao.id}`);
    return withEtag(res, contratacao);
  });
  routes.add(replaceContratacao, async ({ params, headers, body, caller, res }) => {
    const options = { expectedVersao: expectedVersaoOf(headers['If-Match']) };
    return withEtag(res, await contratacoes.replace(caller, params.id, body, options));
  });
  routes.add(patchContratacao, async ({ params, headers, body, caller, res }) => {
    const options = { expectedVersao: expectedVersaoOf(headers['If-Match']) };
    return withEtag(res, await contratacoes.patch(caller, params.id, body, options));
  });
  routes.add(deleteContratacao, async ({ params, headers, caller }) => {
    await contratacoes.delete(caller, params.id, { expectedVersao: expectedVersaoOf(headers['If-Match']) });
  });
}
