import type { z } from 'zod';
import { ValidationError, type FieldErrors } from '../errors/app-error.ts';
import type { Ug, UgsRepository } from './ugs.repository.ts';
import type { ugPatchSchema } from './ugs.schemas.ts';

const messages = {
  agregadoraNotFound: 'Não existe unidade gestora com este código.',
  agregadoraIdNotFound: 'Não existe unidade gestora com este id.',
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

/** The UG fields a unique constraint guards, each with its conflict's message (translateDatabaseError). */
export const ugUniqueFields: FieldErrors = {
  codigo: 'Já existe uma unidade gestora com este código.',
  cnpj: 'Já existe uma unidade gestora com este CNPJ.',
  tribunal: 'Já existe uma unidade gestora marcada como o Tribunal.',
};

/** The fields of a UG's form that can clash with the UGs stored, as parsed (each optional: one that failed is left out). */
export interface UgConflictFields {
  codigo?: string;
  cnpj?: string;
  agregadora?: string;
}

/**
 * Every clash of `fields` with the UGs stored, at once: a código or CNPJ another UG (not `exceptId`) has, an agregadora
 * that does not exist. A form shows them beside its other errors, so one submission tells everything to fix.
 */
export async function ugFieldConflicts(ugs: UgsRepository, fields: UgConflictFields, exceptId?: number): Promise<FieldErrors> {
  const [byCodigo, byCnpj, agregadora] = await Promise.all([
    fields.codigo === undefined ? null : ugs.findByCodigo(fields.codigo),
    fields.cnpj === undefined ? null : ugs.findByCnpj(fields.cnpj),
    fields.agregadora === undefined ? undefined : ugs.findByCodigo(fields.agregadora),
  ]);
  const errors: FieldErrors = {};
  if (byCodigo && byCodigo.id !== exceptId) errors.codigo = ugUniqueFields.codigo as string;
  if (byCnpj && byCnpj.id !== exceptId) errors.cnpj = ugUniqueFields.cnpj as string;
  if (agregadora === null) errors.agregadora = messages.agregadoraNotFound;
  return errors;
}
