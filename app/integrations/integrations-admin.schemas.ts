import { z } from 'zod';
import { blankIsAbsent, strictObject } from '../records/fields.ts';
import { searchListFormSchema } from '../records/list-form.ts';
import { codigoField } from '../ugs/ugs.schemas.ts';
import { graceSecondsField, integrationCreateSchema, permissoes } from './integrations.schemas.ts';

const motivoMessage = 'Informe o motivo do bloqueio (até 500 caracteres); ele é mostrado ao gestor da unidade gestora.';

/** The reason of a block, shown to the UG's gestor on its Integrações page. */
export const motivoField = z.string({ error: motivoMessage }).trim().min(1, motivoMessage).max(500, motivoMessage);

/** A block's input: its errors name the field `motivo`, next to which a form shows them. */
export const blockSchema = z.object({ motivo: motivoField });

/** What a Sys Admin may change in a key; `bloqueada: true` needs a `motivo`. */
export const integrationChangesSchema = strictObject({
  descricao: integrationCreateSchema.shape.descricao.optional(),
  permissao: integrationCreateSchema.shape.permissao.optional(),
  bloqueada: z
    .boolean()
    .optional()
    .meta({
      description:
        '`true` bloqueia a integração (exige `motivo`): nenhum token novo, e os já emitidos deixam de valer em cerca de um segundo. ' +
        '`false` a desbloqueia: o mesmo segredo volta a valer, mas os tokens emitidos antes do bloqueio continuam recusados. ' +
        'Bloquear uma bloqueada, ou desbloquear uma ativa, não muda nada.',
      example: true,
    }),
  motivo: motivoField.optional().meta({
    description:
      'Por que a integração é bloqueada (1 a 500 caracteres), mostrado ao gestor da UG. Obrigatório com `bloqueada: true`; ignorado nos demais casos.',
    example: 'Segredo exposto em repositório público.',
  }),
  renovarSegredo: z
    .boolean()
    .optional()
    .meta({
      description:
        '`true` gera um novo segredo, devolvido em `clientSecret` somente nesta resposta; o anterior deixa de valer, e os tokens obtidos com ele também, ' +
        'imediatamente ou, com `carenciaSegundos`, ao fim da carência. Um segredo anterior ainda em carência deixa de valer imediatamente (no máximo dois por chave). ' +
        'Recusado numa integração bloqueada (ou bloqueada nesta requisição): 409 INTEGRATION_BLOCKED; numa UG desativada: 409 UG_INACTIVE.',
      example: false,
    }),
  carenciaSegundos: graceSecondsField.optional().meta({
    description:
      'Com `renovarSegredo: true`: por quantos segundos o segredo atual continua valendo ao lado do novo (1 a 2592000, 30 dias), para trocar o segredo nos sistemas sem interrupção; ' +
      'a resposta diz até quando em `segredos`. Sem este campo, o segredo atual deixa de valer imediatamente. Sem `renovarSegredo: true`, recusado (400).',
    example: 86400,
  }),
  encerrarCarencia: z.boolean().optional().meta({
    description:
      '`true` encerra agora a carência de um segredo anterior: ele, e os tokens obtidos com ele, deixam de valer em cerca de um segundo. Sem carência em curso, não muda nada.',
    example: false,
  }),
})
  .refine((c) => c.bloqueada !== true || c.motivo !== undefined, { path: ['motivo'], message: motivoMessage })
  .refine((c) => c.carenciaSegundos === undefined || c.renovarSegredo === true, {
    path: ['carenciaSegundos'],
    message: 'A carência só se aplica a uma renovação: envie também "renovarSegredo": true.',
  });

export type IntegrationChanges = z.output<typeof integrationChangesSchema>;

/** The filters of the portal's list, as its form submits them (empty fields mean "any"), with its search and page. */
export const adminFiltersFormSchema = searchListFormSchema.extend({
  ug: blankIsAbsent(codigoField),
  situacao: blankIsAbsent(z.enum(['ativa', 'bloqueada'], { error: 'Situação inválida.' })),
  permissao: blankIsAbsent(z.enum(permissoes, { error: 'Permissão inválida.' })),
});
