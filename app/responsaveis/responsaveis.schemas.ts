import { z } from 'zod';
import { cpfField } from '../documents/document-fields.ts';

/** The roles a person holds in a UG, as the Tribunal names them. */
export const funcoes = {
  gestor: 'Gestor',
  ordenador_despesa: 'Ordenador de despesa',
  contador: 'Contador',
  controle_interno: 'Responsável pelo controle interno',
  responsavel_atos_pessoal: 'Responsável pela remessa de atos de pessoal',
  tesoureiro: 'Tesoureiro',
} as const;

export type Funcao = keyof typeof funcoes;

export const funcaoField = z.enum(Object.keys(funcoes) as [Funcao, ...Funcao[]], { error: 'Escolha uma função válida.' });

const dateField = (label: string) => z.iso.date({ error: `Informe ${label} como AAAA-MM-DD.` });

export const responsavelCreateSchema = z
  .object({
    cpf: cpfField,
    nome: z.string({ error: 'Informe o nome.' }).trim().min(1, 'Informe o nome.').max(200, 'O nome deve ter no máximo 200 caracteres.'),
    funcao: funcaoField,
    inicio: dateField('o início'),
    fim: dateField('o fim').nullish(),
  })
  .refine((r) => !r.fim || r.fim >= r.inicio, { path: ['fim'], message: 'O fim não pode ser anterior ao início.' });

/** A term as parsed by `responsavelCreateSchema`: what ResponsaveisService.create records. */
export type ResponsavelCreateInput = z.output<typeof responsavelCreateSchema>;
