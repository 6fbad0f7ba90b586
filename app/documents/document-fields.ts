import { z } from 'zod';
import { normalizeCnpj, normalizeCpf } from './check-digits.ts';

/** A CPF or CNPJ form field: required, masked input accepted, check digits verified, normalised on the way in. */
function documentField(label: 'CPF' | 'CNPJ', normalize: (value: string) => string | null) {
  return z
    .string({ error: `Informe o ${label}.` })
    .trim()
    .min(1, `Informe o ${label}.`)
    .transform((value, ctx) => {
      const normalized = normalize(value);
      if (normalized === null) {
        ctx.addIssue({ code: 'custom', message: `${label} inválido: confira os dígitos verificadores.` });
        return z.NEVER;
      }
      return normalized;
    });
}

export const cpfField = documentField('CPF', normalizeCpf);
export const cnpjField = documentField('CNPJ', normalizeCnpj);
