import type { Db } from '../db/knex.ts';
import { searchable, whereContains } from '../db/keyset.ts';
import { keysetPage, type Page, type PageRequest } from '../db/page.ts';
import { insertReturningId, toBool, toDate } from '../db/rows.ts';

export interface User {
  id: number;
  nome: string;
  cpf: string | null;
  email: string;
  isAdmin: boolean;
  ativo: boolean;
  createdAt: Date;
}

export interface UserWithPassword extends User {
  passwordHash: string | null;
}

export interface NewUser {
  nome: string;
  cpf: string | null;
  email: string;
  passwordHash: string | null;
  isAdmin: boolean;
}

/** The fields a Sys Admin edits. */
export type UserFields = Pick<User, 'nome' | 'cpf' | 'email' | 'isAdmin'>;

/** What the user search compares (users.busca): name, e-mail and CPF digits, lower case without accents. */
export function userSearchText(user: { nome: string; email: string; cpf: string | null }): string {
  return searchable(`${user.nome} ${user.email} ${user.cpf ?? ''}`);
}

interface UserRow {
  id: number;
  nome: string;
  cpf: string | null;
  email: string;
  password_hash: string | null;
  is_admin: unknown;
  ativo: unknown;
  created_at: unknown;
}

function fromRow(row: UserRow): UserWithPassword {
  return {
    id: row.id,
    nome: row.nome,
    cpf: row.cpf,
    email: row.email,
    isAdmin: toBool(row.is_admin),
    ativo: toBool(row.ativo),
    createdAt: toDate(row.created_at),
    passwordHash: row.password_hash,
  };
}

function withoutPassword({ passwordHash: _ignored, ...user }: UserWithPassword): User {
  return user;
}

export class UsersRepository {
  constructor(private readonly db: Db) {}

  async insert(user: NewUser): Promise<number> {
    const now = new Date();
    return insertReturningId(this.db('users'), {
      nome: user.nome,
      cpf: user.cpf,
      email: user.email,
      password_hash: user.passwordHash,
      is_admin: user.isAdmin,
      busca: userSearchText(user),
      ativo: true,
      created_at: now,
      updated_at: now,
    });
  }

  async findById(id: number): Promise<User | null> {
    const row = await this.db('users').where({ id }).first<UserRow | undefined>();
    return row ? withoutPassword(fromRow(row)) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const user = await this.findByEmailWithPassword(email);
    return user ? withoutPassword(user) : null;
  }

  async findByEmailWithPassword(email: string): Promise<UserWithPassword | null> {
    const row = await this.db('users').where({ email }).first<UserRow | undefined>();
    return row ? fromRow(row) : null;
  }

  /** Users whose name, e-mail or CPF contains `q` (see userSearchText), in id order. */
  async list(q: string | undefined, page: PageRequest): Promise<Page<User>> {
    const base = this.db('users').select<UserRow[]>('*');
    // A CPF is stored as digits: typed with its punctuation, it is searched without.
    if (q) whereContains(base, 'busca', /^(?=.*\d)[\d.\-\s]+$/.test(q) ? q.replace(/\D/g, '') : q);
    return keysetPage(base, page, (row: UserRow) => withoutPassword(fromRow(row)));
  }

  async update(id: number, fields: UserFields): Promise<void> {
    const { nome, cpf, email, isAdmin } = fields;
    await this.db('users')
      .where({ id })
      .update({ nome, cpf, email, is_admin: isAdmin, busca: userSearchText(fields), updated_at: new Date() });
  }

  async setAtivo(id: number, ativo: boolean): Promise<void> {
    await this.db('users').where({ id }).update({ ativo, updated_at: new Date() });
  }

  /** The active Sys Admins' ids, locked until the transaction ends (PostgreSQL), so two demotions cannot race past the last one. */
  async lockActiveAdminIds(): Promise<number[]> {
    const rows = await this.db('users').where({ is_admin: true, ativo: true }).forUpdate().select<Array<{ id: number }>>('id');
    return rows.map((row) => row.id);
  }

  /** Forces a new password: the current one stops working, and only the link's token hash lets the user choose another. */
  async startPasswordReset(id: number, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.db('users')
      .where({ id })
      .update({ password_hash: null, reset_token_hash: tokenHash, reset_expires_at: expiresAt, updated_at: new Date() });
  }

  /** The user a password link still works for, or null when it is unknown, used or expired. */
  async findByResetToken(tokenHash: string, now = new Date()): Promise<User | null> {
    const row = await this.db('users')
      .where({ reset_token_hash: tokenHash })
      .andWhere('reset_expires_at', '>', now)
      .first<UserRow | undefined>();
    return row ? withoutPassword(fromRow(row)) : null;
  }

  /** Sets the password through a link, consuming it; false when the link was already used or has expired. */
  async completePasswordReset(tokenHash: string, passwordHash: string, now = new Date()): Promise<boolean> {
    const changed = await this.db('users')
      .where({ reset_token_hash: tokenHash })
      .andWhere('reset_expires_at', '>', now)
      .update({ password_hash: passwordHash, reset_token_hash: null, reset_expires_at: null, updated_at: now });
    return changed === 1;
  }

  async count(): Promise<number> {
    const [row] = await this.db('users').count<Array<{ n: number | string }>>({ n: '*' });
    return Number(row?.n ?? 0);
  }
}
