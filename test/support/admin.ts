import type { Express } from 'express';
import { cliCaller } from '../../app/caller.ts';
import type { Services } from '../../app/services.ts';
import type { Ug } from '../../app/ugs/ugs.repository.ts';
import { cnpjFrom } from './fixtures.ts';
import { accessToken, type Key } from './oauth.ts';

/** The Tribunal's own UG (`cidades ug create --tribunal`), whose keys alone may hold the `admin` scope. */
export async function createTribunal(services: Services): Promise<Ug> {
  return services.ugs.create({ codigo: 'TCEES', nome: 'Tribunal de Contas do Estado', cnpj: cnpjFrom(777) }, cliCaller, { tribunal: true });
}

/** An admin key of the Tribunal and a token for it, as an automation script would get them. */
export async function adminToken(app: Express, services: Services, tribunal: Ug): Promise<{ key: Key; token: string }> {
  const { integration, clientSecret } = await services.integrationsAdmin.create(cliCaller, {
    ugId: tribunal.id,
    descricao: 'Automação',
    permissao: 'escrita',
    admin: true,
  });
  const key = { id: integration.id, ugId: tribunal.id, clientId: integration.clientId, clientSecret };
  return { key, token: await accessToken(app, key) };
}

/** Polls until the request stops answering 200, at most `boundMs`: the revocation bound under test. */
export async function untilRefused(
  call: () => PromiseLike<{ status: number }>,
  boundMs: number,
): Promise<{ status: number; elapsedMs: number }> {
  const started = Date.now();
  let status = 200;
  while (status === 200 && Date.now() - started < boundMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = (await call()).status;
  }
  return { status, elapsedMs: Date.now() - started };
}
