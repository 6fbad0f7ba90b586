import type { ScopedCaller } from '../caller.ts';
import { translateDatabaseError } from '../db/errors.ts';
import type { Page, PageRequest } from '../db/page.ts';
import { NotFoundError } from '../errors/app-error.ts';
import { dateIn, TIME_ZONE } from '../time-zone.ts';
import type { UgsRepository } from '../ugs/ugs.repository.ts';
import { UG_NOT_FOUND } from '../ugs/ugs.service.ts';
import type { Responsavel, ResponsaveisRepository } from './responsaveis.repository.ts';
import type { Funcao, ResponsavelCreateInput } from './responsaveis.schemas.ts';

const messages = {
  ugNotFound: UG_NOT_FOUND,
  duplicate: 'Esta pessoa já tem esta função nesta UG a partir desta data.',
};

export interface ResponsaveisFilters {
  somenteAtuais?: boolean;
  funcao?: Funcao;
}

export class ResponsaveisService {
  constructor(
    private readonly deps: { ugs: UgsRepository; responsaveis: ResponsaveisRepository },
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records a person's term in a UG (demo data, command line, future admin API). */
  async create(ugId: number, data: ResponsavelCreateInput): Promise<Responsavel> {
    const { ugs, responsaveis } = this.deps;
    if (!(await ugs.findById(ugId))) throw new NotFoundError(messages.ugNotFound);
    try {
      const id = await responsaveis.insert({
        ugId,
        cpf: data.cpf,
        nome: data.nome,
        funcao: data.funcao,
        inicio: data.inicio,
        fim: data.fim ?? null,
      });
      return (await responsaveis.findById(id)) as Responsavel;
    } catch (err) {
      throw translateDatabaseError(err, { inicio: messages.duplicate });
    }
  }

  /** A page of a UG's responsáveis; a UG the key may not read is NotFound, as a missing one. */
  async listForUg(caller: ScopedCaller, ugId: number, filters: ResponsaveisFilters, page: PageRequest): Promise<Page<Responsavel>> {
    if (!caller.scope.visibleUgIds.includes(ugId) || !(await this.deps.ugs.findById(ugId))) throw new NotFoundError(messages.ugNotFound);
    // Terms are counted in the Tribunal's calendar: a term ending today is current until midnight in Vitória.
    const vigentesEm = filters.somenteAtuais ? dateIn(TIME_ZONE, this.now()) : undefined;
    return this.deps.responsaveis.list({ ...page, ugIds: [ugId], filters: { vigentesEm, funcao: filters.funcao } });
  }
}
