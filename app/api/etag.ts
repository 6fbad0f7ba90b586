import { z } from 'zod';

/**
 * Conditional requests over a record's `versao` (RFC 9110 §13.1): the ETag is the version in quotes, so a client
 * can send back exactly what it received.
 */
export const etagOf = (versao: number): string => `"${versao}"`;

const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7E]*"$/;

const ifMatchMessage = 'Informe no If-Match a ETag recebida, por exemplo "3", ou *.';

/** If-Match as an operation's header: one entity tag or `*` (a list would leave the service several versions to check). */
export const ifMatchHeader = z
  .string()
  .trim()
  .refine((value) => value === '*' || ENTITY_TAG.test(value), ifMatchMessage)
  .optional()
  .meta({
    description: 'A ETag da última leitura: a alteração só é feita se o registro ainda estiver nessa versão; senão, 412.',
    example: '"3"',
  });

export const ifNoneMatchHeader = z
  .string()
  .optional()
  .meta({ description: 'A ETag de uma leitura anterior: se o registro não mudou, a resposta é 304, sem corpo.', example: '"3"' });

/**
 * The version a write expects from If-Match: none for an absent header or `*` (any current version). A weak tag never
 * matches, since If-Match compares strongly, nor does one that is not a version: both expect version 0, which no record has.
 */
export function expectedVersaoOf(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch === '*') return undefined;
  const versao = /^"(\d{1,9})"$/.exec(ifMatch)?.[1];
  return versao === undefined ? 0 : Number(versao);
}

/** If-None-Match: does the client already hold this version? Weak comparison, as RFC 9110 §13.1.2 asks; `*` matches any. */
export function holdsCurrent(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}
