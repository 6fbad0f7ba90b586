import { z } from 'zod';
import type { KeyUsage } from '../usage/usage.service.ts';
import { apiSchemas } from './openapi.ts';

const recusaSchema = z
  .object({
    origem: z.enum(['token', 'api']).meta({
      description: '`token`: um pedido de token recusado; `api`: uma chamada autenticada à API respondida com erro.',
      example: 'token',
    }),
    motivo: z.string().meta({
      description:
        'Em `token`, o código de erro respondido (RFC 6749: `invalid_client`, `invalid_scope`, `invalid_request` também para os pedidos além do limite de falhas, 429…); em `api`, o status HTTP da resposta.',
      example: 'invalid_client',
    }),
    total: z.number().int().meta({ description: 'Quantas, no dia.', example: 3 }),
  })
  .meta({ description: 'As recusas de um dia por um motivo.' });

const diaSchema = z
  .object({
    dia: z.iso.date().meta({ description: 'O dia (AAAA-MM-DD), no fuso do Tribunal (America/Sao_Paulo).', example: '2026-12-01' }),
    tokensEmitidos: z.number().int().meta({ description: 'Tokens emitidos no dia.', example: 40 }),
    chamadasApi: z
      .number()
      .int()
      .meta({ description: 'Chamadas autenticadas à API no dia, as respondidas com erro incluídas.', example: 1000 }),
    recusas: z.array(recusaSchema).meta({
      description: 'As recusas do dia por origem e motivo (primeiro as de token); vazia num dia sem recusas.',
      example: [
        { origem: 'token', motivo: 'invalid_client', total: 3 },
        { origem: 'api', motivo: '403', total: 1 },
      ],
    }),
  })
  .meta({ description: 'O uso de um dia.' });

const exampleDias: z.output<typeof diaSchema>[] = [
  { dia: '2026-11-30', tokensEmitidos: 0, chamadasApi: 0, recusas: [] },
  {
    dia: '2026-12-01',
    tokensEmitidos: 40,
    chamadasApi: 1000,
    recusas: [
      { origem: 'token', motivo: 'invalid_client', total: 3 },
      { origem: 'api', motivo: '403', total: 1 },
    ],
  },
  { dia: '2026-12-02', tokensEmitidos: 12, chamadasApi: 310, recusas: [] },
];

export const adminIntegracaoUsoSchema = z
  .object({
    integracaoId: z.number().int().meta({ description: 'Id da integração.', example: 7 }),
    dias: z.array(diaSchema).meta({
      description: 'Os últimos 30 dias, hoje incluído, do mais antigo ao mais recente; todos presentes (zeros num dia sem uso).',
    }),
    totais: z
      .object({
        tokensEmitidos: z.number().int().meta({ description: 'Tokens emitidos nos 30 dias.', example: 52 }),
        chamadasApi: z.number().int().meta({ description: 'Chamadas autenticadas à API nos 30 dias.', example: 1310 }),
        recusas: z.number().int().meta({ description: 'Recusas nos 30 dias, de token e da API.', example: 4 }),
      })
      .meta({ description: 'As somas dos 30 dias.' }),
  })
  .register(apiSchemas, {
    id: 'AdminIntegracaoUso',
    description:
      'O uso de uma integração por dia: contado na memória de cada processo e gravado a cada poucos segundos, portanto com até uns 5 segundos de atraso. O exemplo mostra 3 dos 30 dias.',
    example: { integracaoId: 7, dias: exampleDias, totais: { tokensEmitidos: 52, chamadasApi: 1310, recusas: 4 } },
  });

type AdminIntegracaoUso = z.output<typeof adminIntegracaoUsoSchema>;

export function usoToApi(integracaoId: number, { days, totals }: KeyUsage): AdminIntegracaoUso {
  return {
    integracaoId,
    dias: days.map((d) => ({
      dia: d.dia,
      tokensEmitidos: d.tokens,
      chamadasApi: d.chamadas,
      recusas: d.recusas.map((r) => ({ origem: r.medida, motivo: r.motivo, total: r.total })),
    })),
    totais: { tokensEmitidos: totals.tokens, chamadasApi: totals.chamadas, recusas: totals.recusas },
  };
}
