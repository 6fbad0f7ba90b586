import { z } from 'zod';
import type { AdminUg, UgMember } from '../ugs/ugs-admin.repository.ts';
import { papeis, papelField, ugCreateSchema, ugPatchSchema } from '../ugs/ugs.schemas.ts';
import { strictObject } from '../records/fields.ts';
import { apiSchemas } from './openapi.ts';
import { listEnvelope } from './pagination.ts';
import { ugSchema } from './ugs.routes.ts';

const ugRef = z.object({ id: z.number().int(), codigo: z.string(), nome: z.string() });

/** The integrators' view of a UG (`UnidadeGestora`), plus what Sys Admins administer: agregadora, situação, gestor. */
export const adminUgSchema = ugSchema
  .extend({
    agregadora: ugRef.nullable().meta({ example: { id: 3, codigo: '012E0000001', nome: 'Consórcio Metropolitano' } }),
    ativa: z.boolean().meta({ description: 'Desativada, as integrações da UG não obtêm tokens.', example: true }),
    situacao: z.enum(['ativa', 'desativada']).meta({ example: 'ativa' }),
    tribunal: z
      .boolean()
      .meta({ description: 'Se é a UG do próprio Tribunal (a única cujas integrações podem ter o escopo admin).', example: false }),
    gestor: z
      .object({ id: z.number().int(), nome: z.string(), email: z.string(), desde: z.iso.datetime() })
      .nullable()
      .meta({
        description: 'O gestor atual, se houver.',
        example: { id: 5, nome: 'Ana Gestora', email: 'ana@vitoria.es.gov.br', desde: '2026-11-20T13:05:00.000Z' },
      }),
  })
  .register(apiSchemas, { id: 'AdminUnidadeGestora', description: 'Uma unidade gestora, com a agregadora e o gestor atual.' });

export const adminUgListSchema = listEnvelope(adminUgSchema, 'AdminUnidadeGestoraLista', 'Uma página das unidades gestoras.');

export const adminMembroSchema = z
  .object({
    id: z.number().int().meta({ description: 'Id do usuário.', example: 5 }),
    nome: z.string().meta({ example: 'Ana Gestora' }),
    email: z.string().meta({ example: 'ana@vitoria.es.gov.br' }),
    cpf: z.string().nullable().meta({ example: '52998224725' }),
    ativo: z.boolean().meta({ description: 'Se o usuário pode entrar no portal.', example: true }),
    papel: z.enum(papeis).meta({ description: '`gestor` (gerencia as integrações da UG; um por UG) ou `membro`.', example: 'gestor' }),
    desde: z.iso
      .datetime()
      .meta({ description: 'Início da gestão (gestor) ou da participação (membro).', example: '2026-11-20T13:05:00.000Z' }),
  })
  .register(apiSchemas, { id: 'AdminMembroUnidadeGestora', description: 'Um usuário membro de uma unidade gestora, com o seu papel.' });

export const adminMembroListSchema = listEnvelope(
  adminMembroSchema,
  'AdminMembroUnidadeGestoraLista',
  'Uma página dos membros de uma unidade gestora.',
);

const agregadoraDescription =
  'Id da UG agregadora, ou null para nenhuma. Uma UG que já está abaixo desta (ou ela mesma) é recusada: 409 UG_CYCLE.';

export const adminUgBody = ugCreateSchema
  .omit({ agregadora: true })
  .extend({ agregadoraId: ugCreateSchema.shape.agregadoraId.meta({ description: agregadoraDescription }) });

/** A UG as a Sys Admin registers it: a municipality under a consortium. */
export const adminUgBodyExample = {
  codigo: '012E0100001',
  nome: 'Prefeitura Municipal de Vitória',
  cnpj: '27.142.058/0001-26',
  agregadoraId: 3,
} satisfies z.input<typeof adminUgBody>;

export const adminUgPatchBody = ugPatchSchema
  .omit({ agregadora: true })
  .extend({ agregadoraId: ugCreateSchema.shape.agregadoraId.meta({ description: agregadoraDescription }) })
  .meta({
    description:
      '`ativa: false` desativa a UG (as suas integrações deixam de obter tokens, e os emitidos deixam de valer em cerca de um segundo); `ativa: true` a reativa. Repetir não muda nada.',
  });

export const adminMembroBody = strictObject({ papel: papelField }).meta({
  description: '`gestor` torna o usuário o gestor da UG: a gestão anterior termina agora e fica no histórico.',
});

export function toApi(ug: AdminUg): z.input<typeof adminUgSchema> {
  const gestor = ug.gestor && { id: ug.gestor.userId, nome: ug.gestor.nome, email: ug.gestor.email, desde: ug.gestor.inicio.toISOString() };
  return {
    id: ug.id,
    codigo: ug.codigo,
    nome: ug.nome,
    cnpj: ug.cnpj,
    agregadoraId: ug.agregadoraId,
    agregadora: ug.agregadora,
    ativa: ug.ativa,
    situacao: ug.ativa ? 'ativa' : 'desativada',
    tribunal: ug.tribunal,
    gestor,
  };
}

export function memberToApi(m: UgMember): z.input<typeof adminMembroSchema> {
  return { id: m.id, nome: m.nome, email: m.email, cpf: m.cpf, ativo: m.ativo, papel: m.papel, desde: m.desde.toISOString() };
}
