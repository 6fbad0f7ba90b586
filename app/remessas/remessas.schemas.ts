import { z } from 'zod';
import { codeField, idField, strictObject } from '../records/fields.ts';
import { COMPETENCIA_PATTERN } from './competencia.ts';
import { situacaoRemessaCodes, tipoRemessaCodes } from './remessas.codes.ts';

const competenciaFilter = (label: string) =>
  z
    .string({ error: `Informe ${label} no formato AAAA-MM ou AAAA.` })
    .regex(COMPETENCIA_PATTERN, `Informe ${label} no formato AAAA-MM ou AAAA.`)
    .optional();

export const remessaFiltersSchema = strictObject({
  ugId: idField('o identificador da unidade gestora').optional(),
  tipo: codeField('o tipo', tipoRemessaCodes).optional(),
  situacao: codeField('a situação', situacaoRemessaCodes).optional(),
  competenciaDe: competenciaFilter('a competência inicial'),
  competenciaAte: competenciaFilter('a competência final'),
});

export type RemessaFilters = z.output<typeof remessaFiltersSchema>;
