import type { Db } from '../db/knex.ts';

/** The records an audit page's events name, as they are now (a deleted one is simply absent). */
export interface AuditTargetRecords {
  integracoes: Array<{ id: number; descricao: string; clientId: string }>;
  users: Array<{ id: number; nome: string; email: string }>;
  ugs: Array<{ id: number; codigo: string; nome: string }>;
}

/** What a page of events refers to: ids of each kind, and e-mails for sign-in events (which name the user by e-mail). */
export interface AuditTargetRefs {
  integracaoIds: number[];
  userIds: number[];
  userEmails: string[];
  ugIds: number[];
}

/** Reads the current names of an audit page's targets: one query per kind of target, whatever the page's size. */
export class AuditTargetsRepository {
  constructor(private readonly db: Db) {}

  async find(refs: AuditTargetRefs): Promise<AuditTargetRecords> {
    const [integracoes, users, ugs] = await Promise.all([
      refs.integracaoIds.length === 0
        ? []
        : this.db('integracoes')
            .whereIn('id', refs.integracaoIds)
            .select<Array<{ id: number; descricao: string; client_id: string }>>('id', 'descricao', 'client_id'),
      refs.userIds.length + refs.userEmails.length === 0
        ? []
        : this.db('users')
            .whereIn('id', refs.userIds)
            .orWhereIn('email', refs.userEmails)
            .select<AuditTargetRecords['users']>('id', 'nome', 'email'),
      refs.ugIds.length === 0
        ? []
        : this.db('unidades_gestoras').whereIn('id', refs.ugIds).select<AuditTargetRecords['ugs']>('id', 'codigo', 'nome'),
    ]);
    return {
      integracoes: integracoes.map((row) => ({ id: Number(row.id), descricao: row.descricao, clientId: row.client_id })),
      users: users.map((row) => ({ ...row, id: Number(row.id) })),
      ugs: ugs.map((row) => ({ ...row, id: Number(row.id) })),
    };
  }
}
