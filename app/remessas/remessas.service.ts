import type { Store } from '../db/repositories.ts';
import { ScopedReader } from '../records/scoped-reader.ts';
import type { Remessa, RemessaDetalhe } from './remessas.repository.ts';
import { remessaFiltersSchema } from './remessas.schemas.ts';

/** Remessas are read-only through the API: UGs send them through the Tribunal's own channels. */
export class RemessasService extends ScopedReader<typeof remessaFiltersSchema, Remessa, RemessaDetalhe> {
  constructor(store: Store) {
    super(() => store.repos.remessas, remessaFiltersSchema, 'Remessa não encontrada.');
  }
}
