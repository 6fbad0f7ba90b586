import { z } from 'zod';
import { codeField, idField, strictObject } from '../records/fields.ts';
import { instantOutput, recordOutput } from '../records/output-fields.ts';
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

const stepOutput = (description: string) => instantOutput(description).nullable();

/** A remessa as the API lists it. */
export const remessaOutputSchema = z.object({
  ...recordOutput,
  tipo: z.enum(tipoRemessaCodes),
  competencia: z.string().regex(COMPETENCIA_PATTERN).meta({ description: 'Competência: AAAA-MM, ou AAAA para remessas anuais.' }),
  situacao: z.enum(situacaoRemessaCodes),
  protocolo: z.string().nullable().meta({ description: 'Protocolo do envio; vazio enquanto a remessa aguarda envio.' }),
  enviadaEm: stepOutput('Quando a remessa foi enviada (ou declarada vazia).'),
  processadaEm: stepOutput('Quando o processamento terminou.'),
  homologadaEm: stepOutput('Quando a remessa foi homologada.'),
  encerradaEm: stepOutput('Quando a análise dos atos de pessoal foi concluída ou cancelada.'),
});

/** One remessa, with its consistências. */
export const remessaDetalheOutputSchema = remessaOutputSchema.extend({
  consistencias: z.array(
    z.object({
      codigo: z.string(),
      mensagem: z.string(),
      impeditiva: z.boolean().meta({ description: 'Impeditiva impede a remessa; indicativa (false) apenas alerta.' }),
    }),
  ),
});
