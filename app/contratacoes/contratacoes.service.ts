import { auditActions, auditEvent, type AuditAction } from '../audit/audit.service.ts';
import { authorshipOf, idempotencyClientKey, type ScopedCaller } from '../caller.ts';
import { ScopedReader, type ListInput } from '../records/scoped-reader.ts';
import { isUniqueViolation, translateDatabaseError } from '../db/errors.ts';
import type { Page } from '../db/page.ts';
import type { Repositories, Store } from '../db/repositories.ts';
import { ContratacaoHomologadaError, ForbiddenError, PreconditionFailedError } from '../errors/app-error.ts';
import { parseInput } from '../errors/parse.ts';
import { idempotentRequest, previousResponse, recordResponse, type IdempotentRequest } from '../idempotency/idempotency.ts';
import type { Contratacao } from './contratacoes.repository.ts';
import { contratacaoFiltersSchema, contratacaoPatchSchema, contratacaoSchema, type ContratacaoData } from './contratacoes.schemas.ts';

const messages = {
  notFound: 'Contratação não encontrada.',
  duplicate: 'Já existe uma contratação com este número de processo e ano nesta unidade gestora.',
  otherUg: 'Esta integração só pode alterar as contratações da própria unidade gestora.',
};

/** The field the unique constraint (UG, processo, ano) guards, with its conflict's message (translateDatabaseError). */
const uniqueFields = { numeroProcesso: messages.duplicate };

/** Options of a write: the version the client last read (If-Match), when it sent one. */
export interface WriteOptions {
  expectedVersao?: number;
}

export interface CreateResult {
  contratacao: Contratacao;
  /** True when an Idempotency-Key repeated an earlier request: this is that request's result, nothing was created. */
  replayed: boolean;
}

const dataFields = Object.keys(contratacaoSchema.shape) as Array<keyof ContratacaoData>;

function dataOf(contratacao: Contratacao): Record<string, unknown> {
  return Object.fromEntries(dataFields.map((field) => [field, contratacao[field]]));
}

/** A stored response back as a Contratacao: JSON turned its instants into strings. */
function reviveContratacao(json: string): Contratacao {
  const parsed = JSON.parse(json) as Contratacao & { createdAt: string; updatedAt: string };
  return { ...parsed, createdAt: new Date(parsed.createdAt), updatedAt: new Date(parsed.updatedAt) };
}

export class ContratacoesService {
  private readonly reader: ScopedReader<typeof contratacaoFiltersSchema, Contratacao>;

  constructor(private readonly store: Store) {
    this.reader = new ScopedReader(() => store.repos.contratacoes, contratacaoFiltersSchema, messages.notFound);
  }

  list(caller: ScopedCaller, input?: ListInput): Promise<Page<Contratacao>> {
    return this.reader.list(caller, input);
  }

  get(caller: ScopedCaller, id: unknown): Promise<Contratacao> {
    return this.reader.get(caller, id);
  }

  /** Creates in the caller's own UG; with an Idempotency-Key, a repeated request gets the first result. */
  async create(caller: ScopedCaller, input: unknown, options: { idempotencyKey?: string } = {}): Promise<CreateResult> {
    const data = parseInput(contratacaoSchema, input);
    const request =
      options.idempotencyKey === undefined ? undefined : idempotentRequest(idempotencyClientKey(caller), options.idempotencyKey, 'POST contratacoes', data);
    const replay = request && (await this.replay(request));
    if (replay) return replay;
    try {
      return await this.store.transaction(async (repos) => {
        const id = await repos.contratacoes.insert({ ...data, ugId: caller.scope.ugId, situacao: 'nao_ha_dados_homologados', author: authorshipOf(caller) });
        const contratacao = (await repos.contratacoes.findById(id, [caller.scope.ugId])) as Contratacao;
        await this.audit(repos, caller, auditActions.contratacaoCreated, contratacao);
        if (request) await recordResponse(repos, request, JSON.stringify(contratacao));
        return { contratacao, replayed: false };
      });
    } catch (err) {
      // Concurrent retries with the same key: the losers (refused by either unique index) answer with the winner's result.
      const raced = request && isUniqueViolation(err) ? await this.replay(request) : undefined;
      if (raced) return raced;
      throw translateDatabaseError(err, uniqueFields, messages.duplicate);
    }
  }

  /** PUT: replaces every field (what is left out becomes empty). */
  async replace(caller: ScopedCaller, id: unknown, input: unknown, options: WriteOptions = {}): Promise<Contratacao> {
    const current = await this.writable(caller, id, options);
    return this.save(caller, current, parseInput(contratacaoSchema, input));
  }

  /** PATCH: changes the fields sent; the result must still be a valid contratação. */
  async patch(caller: ScopedCaller, id: unknown, input: unknown, options: WriteOptions = {}): Promise<Contratacao> {
    const current = await this.writable(caller, id, options);
    const changes = parseInput(contratacaoPatchSchema, input);
    return this.save(caller, current, parseInput(contratacaoSchema, { ...dataOf(current), ...changes }));
  }

  async delete(caller: ScopedCaller, id: unknown, options: WriteOptions = {}): Promise<void> {
    const current = await this.writable(caller, id, options);
    await this.store.transaction(async (repos) => {
      if (!(await repos.contratacoes.delete(current.id, current.versao))) throw new PreconditionFailedError();
      await this.audit(repos, caller, auditActions.contratacaoDeleted, current);
    });
  }

  private async save(caller: ScopedCaller, current: Contratacao, data: ContratacaoData): Promise<Contratacao> {
    try {
      return await this.store.transaction(async (repos) => {
        // The version check is in the UPDATE itself: a change or homologation since `current` was read makes it miss.
        if (!(await repos.contratacoes.update(current.id, current.versao, data, authorshipOf(caller)))) throw new PreconditionFailedError();
        const saved = (await repos.contratacoes.findById(current.id, [caller.scope.ugId])) as Contratacao;
        await this.audit(repos, caller, auditActions.contratacaoUpdated, saved);
        return saved;
      });
    } catch (err) {
      throw translateDatabaseError(err, uniqueFields, messages.duplicate);
    }
  }

  /** A contratação the caller may change: visible, of its own UG, not homologada, at the version it expects. */
  private async writable(caller: ScopedCaller, id: unknown, options: WriteOptions): Promise<Contratacao> {
    const current = await this.reader.get(caller, id);
    if (current.ugId !== caller.scope.ugId) throw new ForbiddenError(messages.otherUg);
    if (current.situacao === 'homologada') throw new ContratacaoHomologadaError();
    if (options.expectedVersao !== undefined && options.expectedVersao !== current.versao) throw new PreconditionFailedError();
    return current;
  }

  private async replay(request: IdempotentRequest): Promise<CreateResult | undefined> {
    const response = await previousResponse(this.store, request);
    return response === undefined ? undefined : { contratacao: reviveContratacao(response), replayed: true };
  }

  private audit(repos: Repositories, caller: ScopedCaller, action: AuditAction, contratacao: Contratacao): Promise<void> {
    const details = { numeroProcesso: contratacao.numeroProcesso, ano: contratacao.ano, versao: contratacao.versao, clientId: caller.clientId };
    return repos.audit.insert(auditEvent(caller, action, { ugId: contratacao.ugId, targetType: 'contratacao', targetId: contratacao.id, details }));
  }
}
