import type { z } from 'zod';
import { isUniqueViolation, uniqueViolationColumns } from '../db/errors.ts';
import { ConflictError, ValidationError } from '../errors/app-error.ts';
import type { Ug, UgsRepository } from './ugs.repository.ts';
import type { ugPatchSchema } from './ugs.schemas.ts';

const messages = {
  agregadoraNotFound: 'Não existe unidade gestora com este código.',
  agregadoraIdNotFound: 'Não existe unidade gestora com este id.',
  duplicateCodigo: 'Já existe uma unidade gestora com este código.',
  duplicateCnpj: 'Já existe uma unidade gestora com este CNPJ.',
  duplicateTribunal: 'Já existe uma unidade gestora marcada como o Tribunal.',
};

type AgregadoraInput = Pick<z.output<typeof ugPatchSchema>, 'agregadora' | 'agregadoraId'>;

/**
 * The agregadora the input names, and the field that named it (where its errors are shown): null for none, undefined
 * when the input does not mention it (a PATCH that keeps it).
 */
export async function resolveAgregadora(ugs: UgsRepository, data: AgregadoraInput): Promise<{ ug: Ug | null; field: string } | undefined> {
  if (data.agregadoraId !== undefined) {
    const ug = data.agregadoraId === null ? null : await ugs.findById(data.agregadoraId);
    if (data.agregadoraId !== null && !ug) throw new ValidationError({ agregadoraId: messages.agregadoraIdNotFound });
    return { ug, field: 'agregadoraId' };
  }
  if (data.agregadora === undefined) return undefined;
  const ug = await ugs.findByCodigo(data.agregadora);
  if (!ug) throw new ValidationError({ agregadora: messages.agregadoraNotFound });
  return { ug, field: 'agregadora' };
}

/** A write refused by a unique constraint, as the conflict of the field it names; any other error as it is. */
export function ugWriteError(err: unknown): unknown {
  if (!isUniqueViolation(err)) return err;
  const columns = uniqueViolationColumns(err);
  if (columns.includes('tribunal')) return new ConflictError({ tribunal: messages.duplicateTribunal });
  return new ConflictError(columns.includes('cnpj') ? { cnpj: messages.duplicateCnpj } : { codigo: messages.duplicateCodigo });
}
