import { z } from 'zod';

/**
 * Building blocks of the records as the API returns them (after JSON serialisation: instants as ISO 8601 strings),
 * described in pt-BR for the OpenAPI document. Each takes the field's whole description, null's meaning included.
 */
export const instantOutput = (description: string) => z.iso.datetime({ offset: true }).meta({ description });
/** An instant of a step that may not have happened yet (null until then). */
export const instantOrNullOutput = (description: string) => z.iso.datetime({ offset: true }).nullable().meta({ description });
export const dateOutput = (description: string) => z.iso.date().nullable().meta({ description });
export const moneyOutput = (description: string) =>
  z
    .string()
    .regex(/^\d+\.\d{2}$/)
    .nullable()
    .meta({ description, example: '1234.56' });

/** A person an ato names (the servidor admitted, the beneficiário): describe the field where it is used. */
export const pessoaOutput = z.object({
  cpf: z
    .string()
    .regex(/^\d{11}$/)
    .meta({ description: 'CPF da pessoa, só os 11 dígitos, sem máscara.' }),
  nome: z.string().meta({ description: 'Nome completo da pessoa.' }),
});

/** Who made a change: an integração (through the API) or a portal user; describe the field where it is used. */
export const authorshipOutput = z.object({
  clientId: z
    .string()
    .nullable()
    .meta({ description: 'Client id da integração que fez a alteração pela API; null quando não foi pela API.' }),
  userId: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'Id do usuário do portal que fez a alteração; null quando não foi pelo portal.' }),
  nome: z.string().meta({
    description: 'Nome de quem fez a alteração, como era no momento: "Integração <client id>" pela API, o nome do usuário pelo portal.',
  }),
});

/** Fields every record has: its id, its UG and when it was stored and last changed. */
export const recordOutput = {
  id: z.number().int().meta({ description: 'Identificador do registro: o `{id}` do seu endereço na API.' }),
  ugId: z.number().int().meta({ description: 'Id da unidade gestora dona do registro (veja /unidades-gestoras/{id}).' }),
  createdAt: instantOutput('Quando o registro foi criado no CidadES (ISO 8601, UTC).'),
  updatedAt: instantOutput(
    'Quando os dados do registro foram alterados pela última vez (ISO 8601, UTC); igual a createdAt enquanto não foram.',
  ),
};
