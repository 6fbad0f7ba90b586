import type { Db } from '../db/knex.ts';
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

  async count(): Promise<number> {
    const [row] = await this.db('users').count<Array<{ n: number | string }>>({ n: '*' });
    return Number(row?.n ?? 0);
  }
}
