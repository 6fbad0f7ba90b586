import { createHash } from 'node:crypto';
import { z } from 'zod';
import { IdempotencyKeyReusedError } from '../errors/app-error.ts';
import type { IdempotencyRepository } from './idempotency.repository.ts';

/** How long a key answers with its first result (as Stripe and the IETF Idempotency-Key draft suggest: a day). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export const idempotencyKeySchema = z
  .string({ error: 'Informe a chave de idempotência como texto.' })
  .regex(/^[\x21-\x7E]{1,255}$/, 'A chave de idempotência deve ter de 1 a 255 caracteres visíveis, sem espaços.');

/** Same operation and same data give the same fingerprint, whatever the order of the fields (sorted by code unit, not
 * by locale, so a Node.js or ICU upgrade never changes it). */
export function fingerprintOf(operation: string, data: unknown): string {
  const canonical = JSON.stringify(data, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
  return createHash('sha256').update(`${operation}\n${canonical}`).digest('hex');
}

export interface IdempotentRequest {
  clientKey: string;
  idempotencyKey: string;
  fingerprint: string;
}

/** A request under an Idempotency-Key its surface has already checked with `idempotencyKeySchema`. */
export function idempotentRequest(clientKey: string, idempotencyKey: string, operation: string, data: unknown): IdempotentRequest {
  return { clientKey, idempotencyKey, fingerprint: fingerprintOf(operation, data) };
}

/** The first response to this key, if it is within its lifetime; a different request under it is refused. */
export async function previousResponse(
  idempotency: IdempotencyRepository,
  request: IdempotentRequest,
  now = Date.now(),
): Promise<string | undefined> {
  const found = await idempotency.find(request.clientKey, request.idempotencyKey, new Date(now - IDEMPOTENCY_TTL_MS));
  if (found && found.fingerprint !== request.fingerprint) throw new IdempotencyKeyReusedError();
  return found?.response;
}

/** Records the response in the transaction that produced it: both are stored, or neither. */
export async function recordResponse(
  idempotency: IdempotencyRepository,
  request: IdempotentRequest,
  response: string,
  now = Date.now(),
): Promise<void> {
  await idempotency.deleteExpired(request.clientKey, request.idempotencyKey, new Date(now - IDEMPOTENCY_TTL_MS));
  await idempotency.insert({ ...request, response }, new Date(now));
}
