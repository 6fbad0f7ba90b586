import { z } from 'zod';

/**
 * What a grace-ended notice tells, as it was when the grace ended: the key, the old secret's hint (never a secret),
 * when it stopped working and its last use.
 */
export const graceEndedDataSchema = z.object({
  ugCodigo: z.string(),
  ugNome: z.string(),
  descricao: z.string(),
  clientId: z.string(),
  secretHint: z.string(),
  validUntil: z.iso.datetime(),
  lastUsedAt: z.iso.datetime(),
  lastUsedIp: z.string().nullable(),
});

export type GraceEndedData = z.infer<typeof graceEndedDataSchema>;

/** The kinds of notice; each is about one event of one key. */
export const AVISO_KINDS = { graceEnded: 'grace_ended' } as const;

export type AvisoKind = (typeof AVISO_KINDS)[keyof typeof AVISO_KINDS];

/** A notice to be recorded: unique by (kind, integracaoId, eventAt). */
export interface NewAviso {
  userId: number;
  ugId: number;
  kind: AvisoKind;
  integracaoId: number;
  eventAt: Date;
  data: GraceEndedData;
}

export interface Aviso extends NewAviso {
  id: number;
  createdAt: Date;
  dismissedAt: Date | null;
  emailedAt: Date | null;
}

/** A notice whose e-mail is still to be sent, with its recipient's address. */
export interface PendingMail extends Aviso {
  email: string;
  nome: string;
}
