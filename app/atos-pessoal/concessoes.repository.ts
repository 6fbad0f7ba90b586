import type { Knex } from 'knex';
import { whereEquals } from '../db/keyset.ts';
import { toIntOrNull, toIsoDateOrNull } from '../db/rows.ts';
import { fromCentavosOrNull, toCentavos } from '../records/money.ts';
import type { TipoBeneficio } from './atos-pessoal.codes.ts';
import {
  atoFromRow,
  atoToRow,
  AtosDePessoalRepository,
  type AtoDePessoal,
  type AtoRow,
  type NewAto,
  type Pessoa,
} from './atos-pessoal.repository.ts';
import type { ConcessaoFilters } from './atos-pessoal.schemas.ts';

export interface ConcessaoBeneficio extends AtoDePessoal {
  beneficiario: Pessoa;
  tipo: TipoBeneficio;
  subtipo: string;
  fundamentoLegal: string;
  dataConcessao: string | null;
  /** Monthly amount as a decimal string. */
  valor: string | null;
}

export class ConcessoesRepository extends AtosDePessoalRepository<ConcessaoFilters, ConcessaoBeneficio> {
  protected readonly table = 'concessoes_beneficio';
  protected readonly pessoa = 'beneficiario';

  protected fromRow(row: AtoRow): ConcessaoBeneficio {
    return {
      ...atoFromRow(row),
      beneficiario: this.pessoaOf(row),
      tipo: row.tipo as TipoBeneficio,
      subtipo: row.subtipo as string,
      fundamentoLegal: row.fundamento_legal as string,
      dataConcessao: toIsoDateOrNull(row.data_concessao),
      valor: fromCentavosOrNull(toIntOrNull(row.valor_centavos)),
    };
  }

  protected toRow(item: NewAto<ConcessaoBeneficio>): Record<string, unknown> {
    return {
      ...atoToRow(item),
      ...this.pessoaColumns(item.beneficiario),
      tipo: item.tipo,
      subtipo: item.subtipo,
      fundamento_legal: item.fundamentoLegal,
      data_concessao: item.dataConcessao,
      valor_centavos: item.valor === null ? null : toCentavos(item.valor),
    };
  }

  protected whereOwn(query: Knex.QueryBuilder, filters: ConcessaoFilters): void {
    whereEquals(query, { tipo: filters.tipo });
  }
}
