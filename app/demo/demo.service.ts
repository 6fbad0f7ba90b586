import { randomBytes } from 'node:crypto';
import type { AdmissoesRepository } from '../atos-pessoal/admissoes.repository.ts';
import type { ConcessoesRepository } from '../atos-pessoal/concessoes.repository.ts';
import { cliCaller, type Authorship } from '../caller.ts';
import type { ContratacoesRepository, NewContratacao } from '../contratacoes/contratacoes.repository.ts';
import type { Db } from '../db/knex.ts';
import { bulkLoad } from '../db/bulk.ts';
import { refreshStatistics } from '../db/statistics.ts';
import { inTransaction } from '../db/transaction.ts';
import { DatabaseNotEmptyError } from '../errors/app-error.ts';
import type { RemessasRepository } from '../remessas/remessas.repository.ts';
import type { ResponsaveisRepository } from '../responsaveis/responsaveis.repository.ts';
import type { UgsRepository } from '../ugs/ugs.repository.ts';
import type { UgsService } from '../ugs/ugs.service.ts';
import type { UsersService } from '../users/users.service.ts';
import { demoAdmissoes, demoConcessoes } from './demo-atos.ts';
import { demoContratacoes, type DemoUgRecord } from './demo-contratacoes.ts';
import { demoPessoa } from './demo-people.ts';
import { demoRemessas } from './demo-remessas.ts';
import { demoResponsaveis } from './demo-responsaveis.ts';
import { demoUgs } from './demo-ugs.ts';
import { SeededRandom } from './random.ts';

export interface DemoOptions {
  seed: number;
  /** How many contratações in all, most of them in the first UG (demo-contratacoes.ts). */
  contratacoes: number;
  today?: Date;
}

/** The tables a demo fills in bulk, whose statistics are taken once it is done. */
const DEMO_TABLES = ['contratacoes', 'remessas', 'remessa_consistencias', 'atos_admissao', 'concessoes_beneficio', 'responsaveis'];

/** Contratações written per transaction: a large demo is loaded in steps of this many, never held whole in memory. */
const CONTRATACOES_PER_TRANSACTION = 10_000;

export interface DemoUser {
  email: string;
  nome: string;
  /** What the user manages: "administrador do sistema", or the UG they are gestor of. */
  papel: string;
}

export interface DemoSummary {
  ugs: number;
  agregadoras: number;
  contratacoes: number;
  remessas: number;
  consistencias: number;
  admissoes: number;
  concessoes: number;
  responsaveis: number;
  users: DemoUser[];
  password: string;
}

const DOMAIN = 'demo.cidades.es.gov.br';
const author: Authorship = { clientId: null, userId: null, nome: 'cidades demo' };

/** The items of `items` in arrays of `size` (the last one shorter). */
function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Fills a fresh database with a believable state, for trying the portal and the API. */
export class DemoService {
  constructor(
    private readonly deps: {
      db: Db;
      /** Only to tell whether the database is new. */
      ugRows: UgsRepository;
      /** Where the generated records are written, in one transaction. */
      records: {
        contratacoes: ContratacoesRepository;
        remessas: RemessasRepository;
        admissoes: AdmissoesRepository;
        concessoes: ConcessoesRepository;
        responsaveis: ResponsaveisRepository;
      };
      ugs: UgsService;
      users: UsersService;
    },
  ) {}

  async fill(options: DemoOptions): Promise<DemoSummary> {
    if ((await this.deps.ugRows.count()) > 0) {
      throw new DatabaseNotEmptyError();
    }
    const random = new SeededRandom(options.seed);
    const today = options.today ?? new Date();
    const specs = demoUgs();
    const records: DemoUgRecord[] = [];
    for (const spec of specs) {
      const ug = await this.deps.ugs.create(
        { codigo: spec.codigo, nome: spec.nome, cnpj: random.cnpj(), agregadora: spec.agregadora },
        cliCaller,
      );
      records.push({ id: ug.id, cnpj: ug.cnpj, kind: spec.kind });
    }
    // The password is the one thing not derived from the seed: a demo reachable over a network must not share one.
    const password = `demo-${randomBytes(9).toString('base64url')}`;
    const users = await this.createUsers(
      random,
      password,
      specs.filter((s) => s.agregadora === undefined && s.kind === 'prefeitura').slice(0, 5),
    );

    // The contratações draw from a generator of their own, seeded here: their volume changes nothing else.
    const contratacoes = demoContratacoes(new SeededRandom(random.int(1, 2 ** 31 - 1)), records, author, today, options.contratacoes);
    const remessas = demoRemessas(random, records, today);
    const admissoes = demoAdmissoes(random, records, today);
    const concessoes = demoConcessoes(random, records, today);
    const responsaveis = demoResponsaveis(random, records, today);
    await inTransaction(this.deps.db, this.deps.records, async (repos) => {
      await repos.remessas.insertMany(remessas);
      await repos.admissoes.insertMany(admissoes);
      await repos.concessoes.insertMany(concessoes);
      for (const responsavel of responsaveis) await repos.responsaveis.insert(responsavel);
    });
    const contratacoesCount = await this.insertContratacoes(contratacoes);
    await refreshStatistics(this.deps.db, DEMO_TABLES);
    return {
      ugs: specs.length,
      agregadoras: new Set(specs.map((s) => s.agregadora).filter(Boolean)).size,
      contratacoes: contratacoesCount,
      remessas: remessas.length,
      consistencias: remessas.reduce((sum, r) => sum + r.consistencias.length, 0),
      admissoes: admissoes.length,
      concessoes: concessoes.length,
      responsaveis: responsaveis.length,
      users,
      password,
    };
  }

  /** Writes the generated contratações a transaction at a time, as a bulk load (bulkLoad). */
  private insertContratacoes(contratacoes: Iterable<NewContratacao>): Promise<number> {
    const { db, records } = this.deps;
    return bulkLoad(db, async () => {
      let count = 0;
      for (const batch of chunks(contratacoes, CONTRATACOES_PER_TRANSACTION)) {
        await inTransaction(db, { contratacoes: records.contratacoes }, (repos) => repos.contratacoes.insertMany(batch));
        count += batch.length;
      }
      return count;
    });
  }

  /** A Sys Admin, and a gestor for each given UG (the aggregators first: they see the most). */
  private async createUsers(
    random: SeededRandom,
    password: string,
    gestorOf: Array<{ codigo: string; nome: string }>,
  ): Promise<DemoUser[]> {
    const admin = { email: `admin@${DOMAIN}`, nome: 'Administradora do Tribunal', papel: 'administrador do sistema' };
    await this.deps.users.create({ ...admin, cpf: random.cpf(), password, isAdmin: true }, cliCaller);
    const gestores: DemoUser[] = [];
    for (const ug of gestorOf) {
      const slug = ug.nome
        .replace(/^Prefeitura Municipal d[aeo] /, '')
        .normalize('NFD')
        .replace(/[^A-Za-z]/g, '')
        .toLowerCase();
      const pessoa = demoPessoa(random);
      const gestor = { email: `gestor.${slug}@${DOMAIN}`, nome: pessoa.nome, papel: `gestor(a) de ${ug.nome}` };
      await this.deps.users.create({ email: gestor.email, nome: gestor.nome, cpf: pessoa.cpf, password, isAdmin: false }, cliCaller);
      await this.deps.ugs.setGestor(ug.codigo, gestor.email, cliCaller);
      gestores.push(gestor);
    }
    return [admin, ...gestores];
  }
}
