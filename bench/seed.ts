/** Seeds a fresh SQLite database with integrações for the token benchmarks (not measured). */
import { cliCaller } from '../app/caller.ts';
import { loadConfig } from '../app/config.ts';
import { withCheckDigits } from '../app/demo/random.ts';
import { normalizeCnpj } from '../app/documents/check-digits.ts';
import { inTransaction } from '../app/db/transaction.ts';
import { generateClientId, generateSecret, hashSecret, secretHint } from '../app/integrations/credentials.ts';
import { IntegrationsRepository } from '../app/integrations/integrations.repository.ts';
import { createLogger } from '../app/logger.ts';
import { openRuntime } from '../app/runtime.ts';

export interface Credential {
  clientId: string;
  secret: string;
}

const KEYS_PER_UG = 100;
const BATCH = 1000;

/** Creates the database, one UG per 100 keys and `count` integrações; returns their credentials. */
export async function seed(databaseUrl: string, count: number, ugOffset = 0): Promise<Credential[]> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
  const runtime = await openRuntime(config, createLogger('silent'));
  try {
    const { services, secrets } = runtime;
    const ugIds: number[] = [];
    for (let i = 0; i < Math.ceil(count / KEYS_PER_UG); i++) {
      const n = ugOffset + i + 1;
      const ug = await services.ugs.create(
        { codigo: `BENCH${n}`, nome: `UG de carga ${n}`, cnpj: withCheckDigits(`${10_000_000 + n}0001`, normalizeCnpj) },
        cliCaller,
      );
      ugIds.push(ug.id);
    }
    const credentials: Credential[] = [];
    for (let start = 0; start < count; start += BATCH) {
      const size = Math.min(BATCH, count - start);
      await inTransaction(runtime.db, { integrations: new IntegrationsRepository(runtime.db) }, async (repos) => {
        for (let i = start; i < start + size; i++) {
          const credential = { clientId: generateClientId(), secret: generateSecret() };
          await repos.integrations.insert({
            ugId: ugIds[Math.floor(i / KEYS_PER_UG)] as number,
            clientId: credential.clientId,
            descricao: `Chave de carga ${i + 1}`,
            permissao: i % 2 === 0 ? 'leitura' : 'escrita',
            secretHash: hashSecret(secrets.secretPepper, credential.secret),
            secretHint: secretHint(credential.secret),
            createdByUserId: null,
            createdByNome: 'bench',
          });
          credentials.push(credential);
        }
      });
    }
    return credentials;
  } finally {
    await runtime.db.destroy();
  }
}
