import { z } from 'zod';
import { blankIsAbsent } from '../records/fields.ts';
import { onePagePosition, pagePositionFields } from '../records/list-form.ts';

export const permissoes = ['leitura', 'escrita'] as const;
export type Permissao = (typeof permissoes)[number];

/** The wording of the source documents: `escrita` means consult and send, so it implies `leitura`. */
export const permissaoLabels: Record<Permissao, string> = {
  leitura: 'Somente consulta',
  escrita: 'Consulta e envio de dados',
};

export const integrationCreateSchema = z.object({
  descricao: z
    .string({ error: 'Informe a descrição da integração.' })
    .trim()
    .min(1, 'Informe a descrição da integração.')
    .max(200, 'A descrição deve ter no máximo 200 caracteres.')
    .meta({
      description: 'Para que serve a integração (1 a 200 caracteres; espaços nas pontas são removidos).',
      example: 'Sistema de folha de pagamento',
    }),
  permissao: z.enum(permissoes, { error: 'Escolha a permissão: somente consulta, ou consulta e envio de dados.' }).meta({
    description: '`leitura` (Somente consulta) ou `escrita` (Consulta e envio de dados; inclui a consulta).',
    example: 'leitura',
  }),
});

/** A key's fields, as each surface has parsed them (descrição trimmed). */
export type IntegrationCreateInput = z.output<typeof integrationCreateSchema>;

/**
 * A UG's Integrações list in the portal: the keyset position, and `anteriores=1` for only the keys whose secret
 * predates the current gestor's term (the new gestor's notice links there).
 */
export const integrationsListFormSchema = onePagePosition(
  z.object({
    anteriores: blankIsAbsent(z.literal('1', { error: 'Filtro inválido.' })),
    ...pagePositionFields,
  }),
);
