import { ScopedReader } from '../records/scoped-reader.ts';
import type { AdmissoesRepository, AtoAdmissao } from './admissoes.repository.ts';
import type { AdmissaoFilters, ConcessaoFilters } from './atos-pessoal.schemas.ts';
import type { ConcessaoBeneficio, ConcessoesRepository } from './concessoes.repository.ts';

/** Atos de admissão: read-only through the API, filtered as the Tribunal's own consultation. */
export class AdmissoesService extends ScopedReader<AdmissaoFilters, AtoAdmissao> {
  constructor(deps: { admissoes: AdmissoesRepository }) {
    super(deps.admissoes, 'Ato de admissão não encontrado.');
  }
}

/** Concessões de benefício: read-only through the API. */
export class ConcessoesService extends ScopedReader<ConcessaoFilters, ConcessaoBeneficio> {
  constructor(deps: { concessoes: ConcessoesRepository }) {
    super(deps.concessoes, 'Concessão de benefício não encontrada.');
  }
}
