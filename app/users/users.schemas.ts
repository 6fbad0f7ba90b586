import { z } from 'zod';
import { cpfField } from '../documents/document-fields.ts';

export const PASSWORD_MIN = 12;

export const emailField = z
  .string({ error: 'Informe o e-mail.' })
  .trim()
  .toLowerCase()
  .min(1, 'Informe o e-mail.')
  .max(254, 'O e-mail deve ter no máximo 254 caracteres.')
  .pipe(z.email({ error: 'Informe um e-mail válido.' }));

export const passwordField = z
  .string({ error: 'Informe a senha.' })
  .min(PASSWORD_MIN, `A senha deve ter pelo menos ${PASSWORD_MIN} caracteres.`)
  .max(200, 'A senha deve ter no máximo 200 caracteres.');

export const nomeField = z
  .string({ error: 'Informe o nome.' })
  .trim()
  .min(1, 'Informe o nome.')
  .max(200, 'O nome deve ter no máximo 200 caracteres.');

/** CPF is optional only for the administrator created from ADMIN_EMAIL; every form and the CLI require it. */
export const userCreateSchema = z.object({
  nome: nomeField,
  cpf: cpfField.optional(),
  email: emailField,
  password: passwordField.optional(),
  isAdmin: z.boolean().default(false),
});

/** A new user as every surface hands it to UsersService.create, already parsed. */
export type NewUserInput = z.output<typeof userCreateSchema>;

/** The first Sys Admin from ADMIN_EMAIL and ADMIN_PASSWORD, as the server reads them from its configuration at first start. */
export const envAdminSchema = z.object({ email: emailField, password: passwordField });

export type EnvAdmin = z.output<typeof envAdminSchema>;

export const loginSchema = z.object({
  email: emailField,
  password: z.string({ error: 'Informe a senha.' }).min(1, 'Informe a senha.').max(200, 'Senha inválida.'),
});

/** A sign-in, as the portal's form parses it. */
export type Credentials = z.output<typeof loginSchema>;

const passwordsMatch = { message: 'As senhas não conferem.', path: ['passwordConfirmation'] };
const passwordAndConfirmation = { password: passwordField, passwordConfirmation: z.string({ error: 'Repita a senha.' }) };
type PasswordAndConfirmation = { password: string; passwordConfirmation: string };
const samePasswords = (data: PasswordAndConfirmation) => data.password === data.passwordConfirmation;

/** A new password typed twice, as a one-time password link asks for it. */
export const passwordConfirmationSchema = z.object(passwordAndConfirmation).refine(samePasswords, passwordsMatch);

export type PasswordConfirmation = z.output<typeof passwordConfirmationSchema>;

/** The first Sys Admin, created through the one-time setup link: CPF and a confirmed password required. */
export const firstAdminSchema = z
  .object({ nome: nomeField, cpf: cpfField, email: emailField, ...passwordAndConfirmation })
  .refine(samePasswords, passwordsMatch);

export type FirstAdminInput = z.output<typeof firstAdminSchema>;
