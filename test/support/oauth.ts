import type { Express } from 'express';
import request from 'supertest';
import { cliCaller } from '../../app/caller.ts';
import type { Services } from '../../app/services.ts';

export interface Key {
  id: number;
  ugId: number;
  clientId: string;
  clientSecret: string;
}

export async function createKey(services: Services, ugId: number, permissao: 'leitura' | 'escrita' = 'leitura'): Promise<Key> {
  const { integration, clientSecret } = await services.integrations.create(cliCaller, ugId, { descricao: `chave ${permissao}`, permissao });
  return { id: integration.id, ugId, clientId: integration.clientId, clientSecret };
}

/** A token request refused past a failed-authentication limit (429, with Retry-After). */
export const THROTTLED = {
  error: 'invalid_request',
  error_description: 'too many failed client authentication attempts; retry after the seconds in Retry-After',
};

/** POST /oauth/token with HTTP Basic (default) or the credentials in the body. */
export function tokenRequest(app: Express, key: { clientId: string; clientSecret: string }, opts: { scope?: string; post?: boolean } = {}) {
  const form: Record<string, string> = { grant_type: 'client_credentials' };
  if (opts.scope !== undefined) form.scope = opts.scope;
  const req = request(app).post('/oauth/token').type('form');
  if (opts.post) return req.send({ ...form, client_id: key.clientId, client_secret: key.clientSecret });
  const basic = Buffer.from(`${encodeURIComponent(key.clientId)}:${encodeURIComponent(key.clientSecret)}`).toString('base64');
  return req.set('Authorization', `Basic ${basic}`).send(form);
}

export async function accessToken(app: Express, key: Key, scope?: string): Promise<string> {
  const res = await tokenRequest(app, key, { scope }).expect(200);
  return (res.body as { access_token: string }).access_token;
}

export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>);
  return { header: header ?? {}, payload: payload ?? {} };
}
