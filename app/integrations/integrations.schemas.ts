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

/** The longest grace a renewal may give the secret it replaces: 30 days. */
export const MAX_GRACE_SECONDS = 30 * 24 * 60 * 60;

const graceMessage = `Informe a carência em segundos: um número inteiro de 1 a ${MAX_GRACE_SECONDS} (30 dias).`;

/** How long a renewed secret keeps working, in seconds (the admin API's `carenciaSegundos`). */
export const graceSecondsField = z
  .number({ error: graceMessage })
  .int(graceMessage)
  .min(1, graceMessage)
  .max(MAX_GRACE_SECONDS, graceMessage);

/**
 * The portal's choices for the secret a renewal replaces ("O segredo atual deixa de funcionar"), in seconds: 0 is
 * "imediatamente". Each with its label.
 */
export const graceChoices = [
  { value: '0', seconds: 0, label: 'imediatamente' },
  { value: '3600', seconds: 3600, label: 'em 1 hora' },
  { value: '86400', seconds: 86400, label: 'em 24 horas' },
  { value: '604800', seconds: 604800, label: 'em 7 dias' },
] as const;

/** Renovar segredo's form: when the current secret stops working. */
export const renewFormSchema = z.object({
  carencia: z
    .enum(graceChoices.map((c) => c.value) as [string, ...string[]], { error: 'Escolha quando o segredo atual deixa de funcionar.' })
    .default('0')
    .transform((value) => Number(value)),
});

/** A key's secret as the admin API and the command line show it (never the secret itself). */
export interface SecretView {
  /** The current one (first), or the previous one. */
  atual: boolean;
  hint: string;
  criadoEm: string;
  ultimoUsoEm: string | null;
  ultimoUsoIp: string | null;
  /** When it stops (or stopped) working; null for the current one, which works until it is renewed. */
  validoAte: string | null;
}

/** The key's secrets, current first: the previous one after a renewal, while in its grace or ended. */
export function secretViews(i: {
  secretHint: string;
  secretCreatedAt: Date;
  secretUsedAt: Date | null;
  secretUsedIp: string | null;
  previousSecret: { hint: string; createdAt: Date; validUntil: Date; usedAt: Date | null; usedIp: string | null } | null;
}): SecretView[] {
  const current: SecretView = {
    atual: true,
    hint: i.secretHint,
    criadoEm: i.secretCreatedAt.toISOString(),
    ultimoUsoEm: i.secretUsedAt?.toISOString() ?? null,
    ultimoUsoIp: i.secretUsedIp,
    validoAte: null,
  };
  const p = i.previousSecret;
  if (!p) return [current];
  const previous: SecretView = {
    atual: false,
    hint: p.hint,
    criadoEm: p.createdAt.toISOString(),
    ultimoUsoEm: p.usedAt?.toISOString() ?? null,
    ultimoUsoIp: p.usedIp,
    validoAte: p.validUntil.toISOString(),
  };
  return [current, previous];
}
