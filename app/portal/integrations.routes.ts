import express, { type Request, type Response, type Router } from 'express';
import type { PortalDeps } from './deps.ts';
import type { Integration } from '../integrations/integrations.repository.ts';
import { INTEGRATION_NOT_FOUND, type Credentials } from '../integrations/integrations.service.ts';
import {
  graceChoices,
  integrationCreateSchema,
  integrationsListFormSchema,
  permissaoLabels,
  renewFormSchema,
  type IntegrationCreateInput,
  type Permissao,
} from '../integrations/integrations.schemas.ts';
import { UG_NOT_FOUND, type UgAccess } from '../ugs/ugs.service.ts';
import { emptyListing, formErrors, formFields, parseForm, pathId, readListQuery, shownSecretTime } from './forms.ts';
import { oneTime } from './one-time.ts';
import { listPageRequest, pageNav } from './page-nav.ts';
import { actionOf, callerOf, flash, noStore } from './request.ts';
import { usageChart } from './usage-chart.ts';

const messages = {
  created: 'Integração criada. Use o client id e o client secret que você salvou.',
  deleted: (descricao: string) => `Integração "${descricao}" excluída. Os sistemas que a usavam perderam o acesso à API.`,
  draftExpired: 'As credenciais mostradas expiraram ou já foram salvas. Clique em Adicionar para gerar novas.',
  cancelled: 'Nenhuma integração foi criada: o client id e o client secret mostrados foram descartados e não dão acesso à API.',
  edited: (descricao: string) => `Integração "${descricao}" alterada.`,
  unchanged: (descricao: string) => `Nada foi alterado na integração "${descricao}".`,
  changedMeanwhile: 'Outra pessoa alterou esta integração enquanto você a editava, e nada foi salvo. Confira abaixo o que ela tem agora.',
  ugNotFound: UG_NOT_FOUND,
  notFound: INTEGRATION_NOT_FOUND,
  graceEnded: (hint: string) => `O segredo anterior (${hint}) deixou de funcionar, e os tokens obtidos com ele também.`,
  noGrace: 'Não há segredo anterior em carência: nada foi alterado.',
};

/** What a key's new Permissão did to its tokens (the flash once Editar saved it). */
const permissaoEffects: Record<Permissao, string> = {
  leitura: 'Os tokens já emitidos perdem o envio de dados em cerca de um segundo; os novos só consultam.',
  escrita: 'Os tokens obtidos a partir de agora podem enviar dados; os já emitidos continuam só consultando até expirar.',
};

/** Editar, beside the Permissão a key has: what choosing the other one would do to its tokens. */
const permissaoNotes: Record<Permissao, string> = {
  escrita:
    'Se mudar para Somente consulta, os tokens já emitidos para esta chave perdem o envio de dados em cerca de um segundo (continuam consultando até expirar), e os novos só consultam.',
  leitura:
    'Se mudar para Consulta e envio de dados, os tokens obtidos depois de salvar poderão enviar dados; os já emitidos continuam só consultando até expirar.',
};

/** What each Permissão allows, in the words of a gestor (Adicionar and Editar explain them beside the choice). */
const permissaoHints: Record<keyof typeof permissaoLabels, string> = {
  leitura:
    'O sistema só consulta os dados que o Tribunal já tem da unidade gestora (e das que ela agrega); não envia nem altera nada. Escolha esta se ele só precisa ler.',
  escrita:
    'O sistema consulta e também envia, altera e exclui dados da unidade gestora no Tribunal (por exemplo, contratações), em nome dela.',
};

/** Each confirmation page: its title (in views/integrations/confirm.ejs). */
const actions = { renovar: 'Renovar segredo', excluir: 'Excluir integração' } as const;

const DRAFT_TTL_MS = 60 * 60 * 1000;
const MAX_DRAFTS = 5;

/** The UG in the page's address (`/unidades-gestoras/:ugId/…`). */
const ugIdOf = (value: string) => pathId(value, messages.ugNotFound);

const base = (ugId: number) => `/unidades-gestoras/${ugId}/integracoes`;
/** The page a renewed secret is shown on, once (Post/Redirect/Get). */
const secretPath = (ugId: number, id: number) => `${base(ugId)}/${id}/segredo`;
/** A key's own page: its secrets, their last use, and what can be done with it. */
const keyPath = (ugId: number, id: number) => `${base(ugId)}/${id}`;

/** Unidade Gestora → Ações → Integrações: list, Adicionar, Editar, Renovar segredo, Excluir. */
export function createIntegrationsRoutes({ services, config }: PortalDeps): Router {
  const router = express.Router();
  const { integrations, ugs, usage } = services;
  const tokenUrl = `${config.publicUrl}/oauth/token`;

  function renderNew(
    res: Response,
    access: UgAccess,
    credentials: Credentials,
    values: Record<string, string>,
    errors: Record<string, string>,
    status = 200,
  ) {
    noStore(res);
    res.status(status).render('integrations/new', {
      title: 'Adicionar integração',
      access,
      credentials,
      values,
      errors,
      permissaoLabels,
      permissaoHints,
      tokenUrl,
    });
  }

  /** Keeps at most a few recent drafts per session, so several open tabs work and nothing piles up. */
  function rememberDraft(req: Request, clientId: string, ugId: number, seal: string) {
    const now = Date.now();
    const drafts = Object.entries(req.session.integrationDrafts ?? {})
      .filter(([, d]) => now - d.createdAt < DRAFT_TTL_MS)
      .slice(-(MAX_DRAFTS - 1));
    req.session.integrationDrafts = Object.fromEntries([...drafts, [clientId, { ugId, seal, createdAt: now }]]);
  }

  // Paged 25 at a time, newest first, all keys or (`anteriores=1`) those from before the gestor's term; a bad address
  // is shown over an empty list, under the UG's header (its access is read either way: a UG the user may not see is
  // not found, whatever the position).
  router.get('/unidades-gestoras/:ugId/integracoes', async (req, res) => {
    const caller = callerOf(req);
    const ugId = ugIdOf(req.params.ugId);
    const query = readListQuery(req, integrationsListFormSchema);
    const anteriores = query.ok && query.filters.anteriores === '1';
    const page = query.ok
      ? await integrations.list(caller, ugId, listPageRequest(query.filters), { secretBeforeGestor: anteriores })
      : { ...emptyListing, access: await ugs.access(caller, ugId), renewalNotice: null };
    res.status(query.ok ? 200 : query.status).render('integrations/index', {
      title: `Integrações — ${page.access.ug.nome}`,
      ...page,
      ...(query.ok ? pageNav(page, query.filters) : {}),
      anteriores,
      listUrl: base(ugId) + (anteriores ? '?anteriores=1' : ''),
      errors: query.ok ? {} : query.errors,
      permissaoLabels,
    });
  });

  router.get('/unidades-gestoras/:ugId/integracoes/adicionar', async (req, res) => {
    const { access, credentials, seal } = await integrations.draft(callerOf(req), ugIdOf(req.params.ugId));
    rememberDraft(req, credentials.clientId, access.ug.id, seal);
    renderNew(res, access, credentials, { descricao: '', permissao: 'leitura' }, {});
  });

  router.post('/unidades-gestoras/:ugId/integracoes', async (req, res) => {
    const access = await integrations.manageable(callerOf(req), ugIdOf(req.params.ugId));
    const values = formFields(req, ['descricao', 'permissao', 'clientId', 'clientSecret', 'admin'] as const);
    const draft = req.session.integrationDrafts?.[values.clientId];
    const credentials = { clientId: values.clientId, clientSecret: values.clientSecret };
    if (!draft || draft.ugId !== access.ug.id || Date.now() - draft.createdAt >= DRAFT_TTL_MS) {
      flash(req, 'error', messages.draftExpired);
      return res.redirect(303, base(access.ug.id));
    }
    try {
      // The service refuses `admin` unless a Sys Admin adds the key to the Tribunal's UG (the only place it is offered).
      const input = parseForm(integrationCreateSchema, values);
      await integrations.create(
        callerOf(req),
        access.ug.id,
        { ...input, admin: values.admin === 'sim' },
        { ...credentials, seal: draft.seal },
      );
    } catch (err) {
      const { status, errors } = formErrors(err);
      return renderNew(res, access, credentials, values, errors, status);
    }
    delete req.session.integrationDrafts?.[values.clientId];
    flash(req, 'success', messages.created);
    res.redirect(303, base(access.ug.id));
  });

  /** Renovar segredo's confirmation: when the current secret should stop working (the choices a token outlives not offered). */
  function renderRenew(
    res: Response,
    found: { access: UgAccess; integration: Integration },
    values: Record<string, string>,
    errors: Record<string, string>,
    status = 200,
  ) {
    res.status(status).render('integrations/confirm', {
      title: actions.renovar,
      acao: 'renovar',
      ...found,
      permissaoLabels,
      graceChoices,
      values,
      errors,
    });
  }

  // A key's page: its secrets and its usage over the last 30 days (the chart, and the numbers of each day in a table).
  router.get('/unidades-gestoras/:ugId/integracoes/:id', async (req, res) => {
    const { usage: days, ...found } = await usage.forKey(callerOf(req), ugIdOf(req.params.ugId), pathId(req.params.id, messages.notFound));
    res.render('integrations/show', {
      title: `Integração — ${found.integration.descricao}`,
      ...found,
      chart: usageChart(days),
      permissaoLabels,
    });
  });

  // "Encerrar agora": the previous secret's grace ends at once, on every process within the revocation bound.
  router.post('/unidades-gestoras/:ugId/integracoes/:id/encerrar-carencia', async (req, res) => {
    const { access, integration, ended } = await integrations.endGrace(
      callerOf(req),
      ugIdOf(req.params.ugId),
      pathId(req.params.id, messages.notFound),
    );
    if (ended && integration.previousSecret) flash(req, 'success', messages.graceEnded(integration.previousSecret.hint));
    else flash(req, 'info', messages.noGrace);
    res.redirect(303, keyPath(access.ug.id, integration.id));
  });

  // A reload or Back finds the secret already taken: the page says so, and renews nothing.
  router.get('/unidades-gestoras/:ugId/integracoes/:id/segredo', async (req, res) => {
    const { access, integration } = await integrations.find(
      callerOf(req),
      ugIdOf(req.params.ugId),
      pathId(req.params.id, messages.notFound),
    );
    const shown = await oneTime.take<{ clientSecret: string; previousValidUntil: number | null }>(
      req,
      res,
      secretPath(access.ug.id, integration.id),
    );
    res.render('integrations/secret', {
      title: shown ? 'Segredo renovado' : 'Segredo já exibido',
      access,
      integration,
      clientSecret: shown?.clientSecret ?? null,
      previousValidUntil: shown?.previousValidUntil ? new Date(shown.previousValidUntil) : null,
      tokenUrl,
    });
  });

  // Cancelar on Adicionar: the draft is dropped, and the gestor is told nothing was created.
  router.post('/unidades-gestoras/:ugId/integracoes/cancelar', (req, res) => {
    const ugId = ugIdOf(req.params.ugId);
    delete req.session.integrationDrafts?.[formFields(req, ['clientId'] as const).clientId];
    flash(req, 'info', messages.cancelled);
    res.redirect(303, base(ugId));
  });

  function renderEdit(
    res: Response,
    found: { access: UgAccess; integration: Integration },
    values: Record<string, string>,
    errors: Record<string, string>,
    status = 200,
  ) {
    res.status(status).render('integrations/edit', {
      title: 'Editar integração',
      ...found,
      values,
      errors,
      changedMeanwhile: errors._ === messages.changedMeanwhile,
      permissaoLabels,
      permissaoHints,
      permissaoNotes,
    });
  }

  // Before `/:id/:acao`: Editar is a form, not a confirmation.
  router.get('/unidades-gestoras/:ugId/integracoes/:id/editar', async (req, res) => {
    const found = await integrations.find(callerOf(req), ugIdOf(req.params.ugId), pathId(req.params.id, messages.notFound));
    renderEdit(res, found, { descricao: found.integration.descricao, permissao: found.integration.permissao }, {});
  });

  // Only what differs from the values the form showed is sent, and only while the key still has them: a form left open
  // while someone else changed the key changes nothing, and shows what the key has now.
  router.post('/unidades-gestoras/:ugId/integracoes/:id/editar', async (req, res) => {
    const [caller, ugId, id] = [callerOf(req), ugIdOf(req.params.ugId), pathId(req.params.id, messages.notFound)];
    const values = formFields(req, ['descricao', 'permissao', 'descricaoMostrada', 'permissaoMostrada'] as const);
    const shown = integrationCreateSchema.safeParse({ descricao: values.descricaoMostrada, permissao: values.permissaoMostrada });
    let input: IntegrationCreateInput;
    try {
      input = parseForm(integrationCreateSchema, values);
    } catch (err) {
      const { status, errors } = formErrors(err);
      return renderEdit(res, await integrations.find(caller, ugId, id), values, errors, status);
    }
    const changes = {
      descricao: shown.success && input.descricao === shown.data.descricao ? undefined : input.descricao,
      permissao: shown.success && input.permissao === shown.data.permissao ? undefined : input.permissao,
    };
    // A form that did not come from this page (no values shown) is as stale as one the key has changed under.
    const edited = shown.success ? await integrations.edit(caller, ugId, id, changes, shown.data) : null;
    if (!edited) return renderEdit(res, await integrations.find(caller, ugId, id), values, { _: messages.changedMeanwhile }, 409);
    const { descricao, permissao } = edited.integration;
    if (changes.descricao === undefined && changes.permissao === undefined) flash(req, 'info', messages.unchanged(descricao));
    else flash(req, 'success', [messages.edited(descricao), changes.permissao ? permissaoEffects[permissao] : ''].join(' ').trim());
    res.redirect(303, base(edited.access.ug.id));
  });

  router.get('/unidades-gestoras/:ugId/integracoes/:id/:acao', async (req, res) => {
    const acao = actionOf(actions, req.params.acao);
    const found = await integrations.find(callerOf(req), ugIdOf(req.params.ugId), pathId(req.params.id, messages.notFound));
    if (acao === 'renovar') return renderRenew(res, found, { carencia: '0' }, {});
    res.render('integrations/confirm', { title: actions[acao], acao, ...found, permissaoLabels });
  });

  router.post('/unidades-gestoras/:ugId/integracoes/:id/renovar', async (req, res) => {
    const [caller, ugId, id, shownAt] = [
      callerOf(req),
      ugIdOf(req.params.ugId),
      pathId(req.params.id, messages.notFound),
      shownSecretTime(req),
    ];
    const values = formFields(req, ['carencia'] as const);
    let graceSeconds: number;
    try {
      graceSeconds = parseForm(renewFormSchema, { carencia: values.carencia || undefined }).carencia;
    } catch (err) {
      const { status, errors } = formErrors(err);
      return renderRenew(res, await integrations.find(caller, ugId, id), values, errors, status);
    }
    // The form sent again (a double click, a resubmission) finds its secret renewed already: nothing is renewed twice,
    // and a double click still shows the secret its first sending made.
    const renewed = shownAt
      ? await integrations.renewIfCurrent(caller, ugId, id, { expectedAt: shownAt, graceSeconds })
      : await integrations.renew(caller, ugId, id, { graceSeconds });
    const shown = renewed && {
      clientSecret: renewed.clientSecret,
      previousValidUntil: renewed.integration.previousSecret?.active ? renewed.integration.previousSecret.validUntil.getTime() : null,
    };
    oneTime.redirect(req, res, secretPath(ugId, id), shown, shownAt?.getTime().toString());
  });

  router.post('/unidades-gestoras/:ugId/integracoes/:id/excluir', async (req, res) => {
    const ugId = ugIdOf(req.params.ugId);
    const deleted = await integrations.delete(callerOf(req), ugId, pathId(req.params.id, messages.notFound));
    flash(req, 'success', messages.deleted(deleted.descricao));
    res.redirect(303, base(ugId));
  });

  return router;
}
