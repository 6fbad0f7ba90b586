import type { Knex } from 'knex';
import { whereEquals } from '../db/keyset.ts';
import { toIsoDateOrNull } from '../db/rows.ts';
import type { TipoAtoAdmissao } from './atos-pessoal.codes.ts';
import {
  atoFromRow,
  atoToRow,
  AtosDePessoalRepository,
  type AtoDePessoal,
  type AtoRow,
  type NewAto,
  type Pessoa,
} from './atos-pessoal.repository.ts';
import type { AdmissaoFilters } from './atos-pessoal.schemas.ts';

export interface AtoAdmissao extends AtoDePessoal {
  servidor: Pessoa;
  cargo: string;
  tipoAto: TipoAtoAdmissao;
  dataHomologacao: string | null;
}

export class AdmissoesRepository extends AtosDePessoalRepository<AdmissaoFilters, AtoAdmissao> {
  protected readonly table = 'atos_admissao';
  protected readonly pessoa = 'servidor';

  protected fromRow(row: AtoRow): AtoAdmissao {
    return {
      ...atoFromRow(row),
      servidor: this.pessoaOf(row),
      cargo: row.cargo as string,
      tipoAto: row.tipo_ato as TipoAtoAdmissao,
      dataHomologacao: toIsoDateOrNull(row.data_homologacao),
    };
  }

  protected toRow(item: NewAto<AtoAdmissao>): Record<string, unknown> {
    return {
      ...atoToRow(item),
      ...this.pessoaColumns(item.servidor),
      cargo: item.cargo,
      tipo_ato: item.tipoAto,
      data_homologacao: item.dataHomologacao,
    };
  }

  protected whereOwn(query: Knex.QueryBuilder, filters: AdmissaoFilters): void {
    whereEquals(query, { tipo_ato: filters.tipoAto });
  }
}
