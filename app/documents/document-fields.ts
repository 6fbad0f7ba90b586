import { z } from 'zod';
import { normalizeCnpj, normalizeCpf, stripMask } from './check-digits.ts';

/** A CPF or CNPJ form field: required, masked input accepted, check digits verified, normalised on the way in. */
function documentField(label: string, normalize: (value: string) => string | null) {
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

/** A person (11 digits) or a company (14 characters), as a fornecedor may be either. */
function normalizeCpfOrCnpj(value: string): string | null {
  return stripMask(value).length === 11 ? normalizeCpf(value) : normalizeCnpj(value);
}

export const cpfField = documentField('CPF', normalizeCpf);
export const cnpjField = documentField('CNPJ', normalizeCnpj);
export const cpfOrCnpjField = documentField('CPF ou CNPJ', normalizeCpfOrCnpj);
