import { z } from 'zod';
import { blankIsAbsent } from '../records/fields.ts';
import { onePagePosition, pagePositionFields } from '../records/list-form.ts';
import { codigoField } from '../ugs/ugs.schemas.ts';
import { auditActions, type AuditAction } from './audit-events.ts';

export const auditActionCodes = Object.values(auditActions) as [AuditAction, ...AuditAction[]];

const messages = {
  day: 'Informe uma data válida (dia/mês/ano).',
  period: 'A data final deve ser igual ou posterior à data inicial.',
  acao: 'Escolha uma das ações da lista.',
  usuario: 'Informe o e-mail de um usuário ou o client id de uma integração (até 254 caracteres).',
};

/** A calendar day, AAAA-MM-DD (what `<input type="date">` submits), in the Tribunal's time zone. */
export const dayField = z.iso.date({ error: messages.day });

export const acaoField = z.enum(auditActionCodes, { error: messages.acao });

/** Refuses a period whose end comes before its start, the message next to `ate`. */
export function periodInOrder<S extends z.ZodType<{ de?: string; ate?: string }>>(schema: S): S {
  return schema.refine((p) => p.de === undefined || p.ate === undefined || p.ate >= p.de, { path: ['ate'], message: messages.period });
}

/** The filters of the Auditoria page, as its form submits them; `apos`/`antes` where the page starts or ends (keyset). */
export const auditFiltersFormSchema = onePagePosition(
  periodInOrder(
    z.object({
      ug: blankIsAbsent(codigoField),
      usuario: blankIsAbsent(z.string({ error: messages.usuario }).trim().max(254, messages.usuario)),
      acao: blankIsAbsent(acaoField),
      de: blankIsAbsent(dayField),
      ate: blankIsAbsent(dayField),
      ...pagePositionFields,
    }),
  ),
);

export type AuditFiltersForm = z.output<typeof auditFiltersFormSchema>;
