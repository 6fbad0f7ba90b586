import { z } from 'zod';
import { codeList } from '../records/fields.ts';
import { codeField, idField, strictObject } from '../records/fields.ts';
import { instantOrNullOutput, recordOutput } from '../records/output-fields.ts';
import { COMPETENCIA_PATTERN } from './competencia.ts';
import { situacaoRemessaCodes, situacoesRemessa, tipoRemessaCodes, tiposRemessa } from './remessas.codes.ts';

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

/** A remessa as the API lists it. */
export const remessaOutputSchema = z.object({
  ...recordOutput,
  tipo: z.enum(tipoRemessaCodes).meta({ description: `Tipo da remessa: ${codeList(tiposRemessa)}.` }),
  competencia: z
    .string()
    .regex(COMPETENCIA_PATTERN)
    .meta({ description: 'Competência (o período a que a remessa se refere): AAAA-MM nas mensais, AAAA nas anuais.' }),
  situacao: z.enum(situacaoRemessaCodes).meta({
    description:
      `Onde a remessa está: ${codeList(situacoesRemessa)}. Enviada (ou declarada vazia), ela é processada; ` +
      'com uma consistência impeditiva, fica `processada_com_impedimento`. Depois, o Tribunal homologa as remessas de contas, ' +
      'folha e contratações (`homologada`); as de atos de pessoal terminam `concluida` ou `cancelada`, ao fim da análise.',
  }),
  protocolo: z
    .string()
    .nullable()
    .meta({ description: 'Protocolo do envio no Tribunal (por exemplo, `2026.004187`). null: a remessa aguarda envio.' }),
  enviadaEm: instantOrNullOutput('Quando a remessa foi enviada, ou declarada vazia (ISO 8601, UTC). null: aguarda envio.'),
  processadaEm: instantOrNullOutput(
    'Quando o processamento da remessa terminou (ISO 8601, UTC). null: ainda não processada (aguarda envio ou está em processamento), ' +
      'ou declarada vazia, o que dispensa o processamento.',
  ),
  homologadaEm: instantOrNullOutput(
    'Quando o Tribunal homologou a remessa (ISO 8601, UTC). null: ainda não homologada, ou remessa de atos de pessoal, que não se homologa.',
  ),
  encerradaEm: instantOrNullOutput(
    'Quando a análise de uma remessa de atos de pessoal foi concluída ou cancelada (ISO 8601, UTC). ' +
      'null: análise ainda não encerrada, ou remessa de outro tipo.',
  ),
});

/** One remessa, with its consistências. */
export const remessaDetalheOutputSchema = remessaOutputSchema.extend({
  consistencias: z
    .array(
      z.object({
        codigo: z.string().meta({ description: 'Código da regra verificada pelo Tribunal, por exemplo `FOL-003`.' }),
        mensagem: z.string().meta({ description: 'O que foi encontrado, em pt-BR, para mostrar a quem envia a remessa.' }),
        impeditiva: z.boolean().meta({
          description:
            '`true`: impeditiva, impede a aceitação da remessa (situação `processada_com_impedimento`); `false`: indicativa, apenas alerta.',
        }),
      }),
    )
    .meta({
      description:
        'As consistências que o processamento encontrou, impeditivas e indicativas; vazia se não encontrou nenhuma, ou se a remessa não foi processada.',
    }),
});
