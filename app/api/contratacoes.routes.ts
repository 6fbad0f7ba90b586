import type { Response } from 'express';
import type { Contratacao } from '../contratacoes/contratacoes.repository.ts';
import type { ContratacoesService } from '../contratacoes/contratacoes.service.ts';
import { ANSWERED, type ApiRoutes } from './api-routes.ts';
import {
  contratacaoApiSchema,
  createContratacao,
  deleteContratacao,
  getContratacao,
  listContratacoes,
  patchContratacao,
  replaceContratacao,
} from './contratacoes.operations.ts';
import { etagOf, expectedVersaoOf, holdsCurrent } from './etag.ts';
import type { CursorCodec } from './pagination.ts';
import { representation } from './representation.ts';

const toApi = representation(contratacaoApiSchema);

/** The record with its version as the ETag: what every answer carrying one contratação sends. */
function withEtag(res: Response, contratacao: Contratacao) {
  res.setHeader('ETag', etagOf(contratacao.versao));
  return toApi(contratacao);
}

export function addContratacoesRoutes(routes: ApiRoutes, contratacoes: ContratacoesService, cursors: CursorCodec): void {
  routes.add(listContratacoes, async ({ query: { limit, cursor, ...filters }, caller }) =>
    cursors.envelope(await contratacoes.list(caller, { filters, ...cursors.request({ limit, cursor }) }), toApi),
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
