import { z } from 'zod';

/**
 * Building blocks of the records as the API returns them (after JSON serialisation: instants as ISO 8601 strings),
 * described in pt-BR for the OpenAPI document.
 */
export const instantOutput = (description: string) => z.iso.datetime({ offset: true }).meta({ description });
export const dateOutput = (description: string) =>
  z.iso
    .date()
    .nullable()
    .meta({ description: `${description} (AAAA-MM-DD).` });
export const moneyOutput = (description: string) =>
  z
    .string()
    .regex(/^\d+\.\d{2}$/)
    .nullable()
    .meta({ description: `${description}, em reais, como texto decimal com duas casas.`, example: '1234.56' });

export const pessoaOutput = z.object({
  cpf: z
    .string()
    .regex(/^\d{11}$/)
    .meta({ description: 'CPF, só dígitos.' }),
  nome: z.string(),
});

export const authorshipOutput = z
  .object({
    clientId: z.string().nullable().meta({ description: 'Client id da integração que fez a alteração, quando feita pela API.' }),
    userId: z.number().int().nullable().meta({ description: 'Usuário do portal que fez a alteração, quando feita pelo portal.' }),
    nome: z.string().meta({ description: 'Nome da integração ou do usuário, como era no momento da alteração.' }),
  })
  .meta({ description: 'Quem fez a alteração.' });

/** Fields every record has: its id, its UG and when it was stored and last changed. */
export const recordOutput = {
  id: z.number().int().meta({ description: 'Identificador do registro.' }),
  ugId: z.number().int().meta({ description: 'Identificador da unidade gestora.' }),
  createdAt: instantOutput('Quando o registro foi criado.'),
  updatedAt: instantOutput('Quando o registro foi alterado pela última vez.'),
};
