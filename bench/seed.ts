/** Seeds the bench's SQLite databases through the app's own services and repositories (not measured). */
import { cliCaller } from '../app/caller.ts';
import { loadConfig } from '../app/config.ts';
import { withCheckDigits } from '../app/demo/random.ts';
import { normalizeCnpj, normalizeCpf } from '../app/documents/check-digits.ts';
import { inTransaction } from '../app/db/transaction.ts';
import { generateClientId, generateSecret, hashSecret, secretHint } from '../app/integrations/credentials.ts';
import { IntegrationsRepository } from '../app/integrations/integrations.repository.ts';
import type { Permissao } from '../app/integrations/integrations.schemas.ts';
import { createLogger } from '../app/logger.ts';
import { openRuntime, type Runtime } from '../app/runtime.ts';

export interface Credential {
  clientId: string;
  secret: string;
}

/** Who signs in to the portal scenario: the gestor of the UG holding the keys. */
export interface Gestor {
  email: string;
  password: string;
}

const BATCH = 1000;
const GESTOR: Gestor = { email: 'gestora@bench.invalid', password: 'senha-de-carga-123' };

/** Opens (creating and migrating) the database, runs `work`, and gives it a signing key as the server's first start does. */
async function withRuntime<T>(databaseUrl: string, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
  const runtime = await openRuntime(config, createLogger('silent'));
  try {
    const result = await work(runtime);
    // The peers sign with the product's key (bench/peers/issuer.ts): it must exist before any server starts.
    await runtime.services.signingKeys.ensureKey();
    return result;
  } finally {
    await runtime.db.destroy();
  }
}

/** `count` new keys of the UG, half of them (odd positions) allowed to write; their credentials in that order. */
async function insertKeys(runtime: Runtime, ugId: number, count: number, offset = 0): Promise<Credential[]> {
  const credentials: Credential[] = [];
  for (let start = 0; start < count; start += BATCH) {
    const size = Math.min(BATCH, count - start);
    await inTransaction(runtime.db, { integrations: new IntegrationsRepository(runtime.db) }, async (repos) => {
      for (let i = start; i < start + size; i++) {
        const credential = { clientId: generateClientId(), secret: generateSecret() };
        const permissao: Permissao = i % 2 === 0 ? 'leitura' : 'escrita';
        await repos.integrations.insert({
          ugId,
          clientId: credential.clientId,
          descricao: `Chave de carga ${offset + i + 1}`,
          permissao,
          secretHash: hashSecret(runtime.secrets.secretPepper, credential.secret),
          secretHint: secretHint(credential.secret),
          createdByUserId: null,
          createdByNome: 'bench',
        });
        credentials.push(credential);
      }
    });
  }
  return credentials;
}

export interface KeysSeed {
  ugId: number;
  credentials: Credential[];
  gestor: Gestor;
}

/** A new database with one UG holding `count` integrações, and a gestor of that UG who signs in with a password. */
export function seedKeys(databaseUrl: string, count: number): Promise<KeysSeed> {
  return withRuntime(databaseUrl, async (runtime) => {
    const { services } = runtime;
    const ug = await services.ugs.create(
      { codigo: 'BENCH1', nome: 'UG de carga', cnpj: withCheckDigits('100000010001', normalizeCnpj) },
      cliCaller,
    );
    await services.users.create(
      { nome: 'Gestora de Carga', cpf: withCheckDigits('100000001', normalizeCpf), ...GESTOR, isAdmin: false },
      cliCaller,
    );
    await services.ugs.setGestor(ug.codigo, GESTOR.email, cliCaller);
    return { ugId: ug.id, credentials: await insertKeys(runtime, ug.id, count), gestor: GESTOR };
  });
}

export interface DemoSeed {
  /** The UG whose key lists: the demo's UG with the most contratações. */
  ugId: number;
  /** Every UG that key reads (its own and, for an aggregator, those under it), as the product scopes its listing. */
  visibleUgIds: number[];
  /** A key of that UG (reading). */
  credential: Credential;
  /** Contratações in the whole database, and in that key's listing. */
  rows: number;
  listedRows: number;
}

/**
 * A new database filled by `cidades demo`'s service with about `rows` contratações in all, and one key of the UG
 * holding the most. The only place the bench says how the demo is sized.
 */
export function seedDemo(databaseUrl: string, rows: number, seed = 14): Promise<DemoSeed> {
  return withRuntime(databaseUrl, async (runtime) => {
    const { services, db } = runtime;
    const ugs = await db('unidades_gestoras').count<Array<{ n: number }>>({ n: '*' });
    if (Number(ugs[0]?.n) > 0) throw new Error(`${databaseUrl} is not a new database`);
    const summary = await services.demo.fill({ seed, contratacoes: rows });
    const [largest] = await db('contratacoes')
      .select('ug_id')
      .count<Array<{ ug_id: number; n: number }>>({ n: '*' })
      .groupBy('ug_id')
      .orderBy('n', 'desc')
      .limit(1);
    if (!largest) throw new Error('the demo made no contratação');
    const visibleUgIds = (await services.ugs.visibleUgs(largest.ug_id)).map((ug) => ug.id);
    const [listed] = await db('contratacoes').whereIn('ug_id', visibleUgIds).count<Array<{ n: number }>>({ n: '*' });
    const [credential] = await insertKeys(runtime, largest.ug_id, 1);
    return {
      ugId: largest.ug_id,
      visibleUgIds,
      credential: credential as Credential,
      rows: summary.contratacoes,
      listedRows: Number(listed?.n),
    };
  });
}
