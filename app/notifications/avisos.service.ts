import type { Caller } from '../caller.ts';
import type { Page, PageRequest } from '../db/page.ts';
import { NotFoundError } from '../errors/app-error.ts';
import type { Aviso } from './aviso.ts';
import { avisoText, type AvisoText } from './aviso-text.ts';
import type { AvisosRepository } from './avisos.repository.ts';

export const AVISO_NOT_FOUND = 'Aviso não encontrado.';

/** How many notices the landing page shows; the others are on the Avisos page. */
const LATEST_AVISOS = 3;

/** A notice as the portal shows it. */
export interface ShownAviso extends AvisoText {
  id: number;
  createdAt: Date;
}

const shown = (aviso: Aviso): ShownAviso => ({ id: aviso.id, createdAt: aviso.createdAt, ...avisoText(aviso) });

/** The signed-in user's own notices (avisos): listed newest first and dismissed; nobody sees another's. */
export class AvisosService {
  constructor(private readonly deps: { avisos: AvisosRepository }) {}

  /** The latest few of the user's notices, and how many there are: the landing page's Avisos. */
  async latest(caller: Caller): Promise<Page<ShownAviso>> {
    return this.page(caller, { limit: LATEST_AVISOS });
  }

  /** One page of the user's notices not dismissed, newest first (none for a key or the command line). */
  async page(caller: Caller, page: PageRequest): Promise<Page<ShownAviso>> {
    if (caller.userId === null) return { items: [], totalCount: 0, totalCountExact: true, nextAfterId: null };
    const found = await this.deps.avisos.pageFor(caller.userId, page);
    return { ...found, items: found.items.map(shown) };
  }

  /** Dismisses one of the user's notices; another user's, or one already dismissed, is not found. */
  async dismiss(caller: Caller, id: number, now = new Date()): Promise<void> {
    if (caller.userId === null || !(await this.deps.avisos.dismiss(id, caller.userId, now))) throw new NotFoundError(AVISO_NOT_FOUND);
  }
}
