import type { Store } from '../db/repositories.ts';
import { ScopedReader } from '../records/scoped-reader.ts';
import type { AtoAdmissao } from './admissoes.repository.ts';
import { admissaoFiltersSchema, concessaoFiltersSchema } from './atos-pessoal.schemas.ts';
import type { ConcessaoBeneficio } from './concessoes.repository.ts';

/** Atos de admissão: read-only through the API, filtered as the Tribunal's own consultation. */
export class AdmissoesService extends ScopedReader<typeof admissaoFiltersSchema, AtoAdmissao> {
  constructor(store: Store) {
    super(() => store.repos.admissoes, admissaoFiltersSchema, 'Ato de admissão não encontrado.');
  }
}

/** Concessões de benefício: read-only through the API. */
export class ConcessoesService extends ScopedReader<typeof concessaoFiltersSchema, ConcessaoBeneficio> {
  constructor(store: Store) {
    super(() => store.repos.concessoes, concessaoFiltersSchema, 'Concessão de benefício não encontrada.');
  }
}
