import { ScopedReader } from '../records/scoped-reader.ts';
import type { Remessa, RemessaDetalhe, RemessasRepository } from './remessas.repository.ts';
import type { RemessaFilters } from './remessas.schemas.ts';

/** Remessas are read-only through the API: UGs send them through the Tribunal's own channels. */
export class RemessasService extends ScopedReader<RemessaFilters, Remessa, RemessaDetalhe> {
  constructor(deps: { remessas: RemessasRepository }) {
    super(deps.remessas, 'Remessa não encontrada.');
  }
}
