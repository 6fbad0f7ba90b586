import { z } from 'zod';
import type { AdminUg, UgMember } from '../ugs/ugs-admin.repository.ts';
import { papeis, papelField, ugCreateSchema, ugPatchSchema } from '../ugs/ugs.schemas.ts';
import { strictObject } from '../records/fields.ts';
import { apiSchemas } from './openapi.ts';
import { listEnvelope } from './pagination.ts';
import { ugSchema } from './ugs.routes.ts';

const agregadoraExample = { id: 3, codigo: '012E0000001', nome: 'Consórcio Metropolitano' };

const agregadoraRef = z
  .object({
    id: z.number().int().meta({ description: 'Id da UG agregadora.', example: agregadoraExample.id }),
    codigo: z.string().meta({ description: 'Código da UG agregadora no Tribunal.', example: agregadoraExample.codigo }),
    nome: z.string().meta({ description: 'Nome da UG agregadora.', example: agregadoraExample.nome }),
  })
  .nullable()
  .meta({
    description: 'A UG agregadora desta (a de `agregadoraId`), cujas integrações também alcançam os dados desta UG; null se não há.',
    example: agregadoraExample,
  });

const gestorExample = { id: 5, nome: 'Ana Gestora', email: 'ana@vitoria.es.gov.br', desde: '2026-11-20T13:05:00.000Z' };

/** The integrators' view of a UG (`UnidadeGestora`), plus what Sys Admins administer: agregadora, situação, gestor. */
export const adminUgSchema = ugSchema
  .extend({
    agregadora: agregadoraRef,
    ativa: z.boolean().meta({ description: 'Desativada, as integrações da UG não obtêm tokens.', example: true }),
    situacao: z.enum(['ativa', 'desativada']).meta({
      description: '`ativa` ou `desativada` (as integrações da UG não obtêm tokens): o mesmo que `ativa`, como texto.',
      example: 'ativa',
    }),
    tribunal: z
      .boolean()
      .meta({ description: 'Se é a UG do próprio Tribunal (a única cujas integrações podem ter o escopo admin).', example: false }),
    gestor: z
      .object({
        id: z.number().int().meta({ description: 'Id do usuário gestor.', example: gestorExample.id }),
        nome: z.string().meta({ description: 'Nome do gestor.', example: gestorExample.nome }),
        email: z.string().meta({ description: 'E-mail do gestor.', example: gestorExample.email }),
        desde: z.iso.datetime().meta({ description: 'Início da gestão atual (UTC).', example: gestorExample.desde }),
      })
      .nullable()
      .meta({
        description: 'O gestor atual, que gerencia as integrações da UG; null se a UG ainda não tem gestor.',
        example: gestorExample,
      }),
  })
  .register(apiSchemas, {
    id: 'AdminUnidadeGestora',
    description: 'Uma unidade gestora, com a agregadora e o gestor atual.',
    example: {
      id: 12,
      codigo: '012E0100001',
      nome: 'Prefeitura Municipal de Vitória',
      cnpj: '27142058000126',
      agregadoraId: 3,
      agregadora: agregadoraExample,
      ativa: true,
      situacao: 'ativa',
      tribunal: false,
      gestor: gestorExample,
    },
  });

export const adminUgListSchema = listEnvelope(adminUgSchema, 'AdminUnidadeGestoraLista', 'Uma página das unidades gestoras.');

export const adminMembroSchema = z
  .object({
    id: z.number().int().meta({ description: 'Id do usuário.', example: 5 }),
    nome: z.string().meta({ description: 'Nome completo do usuário.', example: 'Ana Gestora' }),
    email: z.string().meta({ description: 'E-mail com que o usuário entra no portal, em minúsculas.', example: 'ana@vitoria.es.gov.br' }),
    cpf: z.string().nullable().meta({
      description: 'CPF do usuário, somente os 11 dígitos, sem máscara; null apenas no administrador criado por ADMIN_EMAIL.',
      example: '39053344705',
    }),
    ativo: z.boolean().meta({ description: 'Se o usuário pode entrar no portal.', example: true }),
    papel: z.enum(papeis).meta({
      description: '`gestor` (gerencia as integrações da UG; um por UG) ou `membro` (acessa a UG no portal, sem gerenciar as integrações).',
      example: 'gestor',
    }),
    desde: z.iso.datetime().meta({
      description: 'Início da gestão (gestor) ou da participação (membro), em UTC.',
      example: '2026-11-20T13:05:00.000Z',
    }),
  })
  .register(apiSchemas, {
    id: 'AdminMembroUnidadeGestora',
    description: 'Um usuário membro de uma unidade gestora, com o seu papel.',
    example: {
      id: 5,
      nome: 'Ana Gestora',
      email: 'ana@vitoria.es.gov.br',
      cpf: '39053344705',
      ativo: true,
      papel: 'gestor',
      desde: '2026-11-20T13:05:00.000Z',
    },
  });

export const adminMembroListSchema = listEnvelope(
  adminMembroSchema,
  'AdminMembroUnidadeGestoraLista',
  'Uma página dos membros de uma unidade gestora.',
);

const agregadoraDescription =
  'Id da UG agregadora, ou null para nenhuma (sem o campo: nenhuma no POST e no PUT; não muda no PATCH). Um id inexistente responde 422 ' +
  'com o campo `agregadoraId`; uma UG que já está abaixo desta (ou ela mesma) é recusada: 409 UG_CYCLE.';

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
      'Somente os campos enviados mudam. `ativa: false` desativa a UG (as suas integrações deixam de obter tokens, e os emitidos deixam de valer em cerca de um segundo); `ativa: true` a reativa. Repetir não muda nada.',
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
