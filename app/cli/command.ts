import { parseArgs, type ParseArgsConfig } from 'node:util';
import { idField } from '../records/fields.ts';
import type { Runtime } from '../runtime.ts';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** What a command does once its arguments are valid and the database is open. */
export type Run = (runtime: Runtime) => Promise<void>;

export interface Command {
  action: string;
  /** Options after `cidades <group> <action>`, as shown in the help. */
  synopsis: string;
  summary: string;
  /** Extra help lines for `cidades <group> <action> --help`. */
  details?: string[];
  /** Checks the arguments (throws UsageError) before any database connection is made. */
  prepare(args: string[]): Run | Promise<Run>;
}

export interface CommandGroup {
  name: string;
  title: string;
  commands: Command[];
}

/** Wrong use of the command line: reported in one line, exit code 2. */
export class UsageError extends Error {}

/** A command that cannot do what was asked of this database or file: reported in one line, exit code 1. */
export class CommandError extends Error {}

function quoted(message: string): string {
  return /'([^']+)'/.exec(message)?.[1]?.replace(/ <value>$/, '') ?? '';
}

/** node:util parseArgs errors, in pt-BR. */
function translateParseError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const { code } = err as { code?: string };
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`opção desconhecida: ${quoted(err.message)}.`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`argumento inesperado: ${quoted(err.message)}.`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError(
        err.message.includes('does not take an argument')
          ? `a opção ${quoted(err.message)} não aceita valor.`
          : `a opção ${quoted(err.message)} exige um valor.`,
      );
    default:
      return err;
  }
}

/** Strict parseArgs with pt-BR messages; option values typed from the literal options. */
export function parseCommandArgs<const O extends OptionsConfig>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (err) {
    throw translateParseError(err);
  }
}

export function required(value: string | undefined, option: string): string {
  if (value === undefined) throw new UsageError(`falta a opção obrigatória --${option}.`);
  return value;
}

/** The one positional argument of `integration rotate|delete`: a positive integer id. */
export function integrationId(positionals: string[]): number {
  const [value, extra] = positionals;
  if (value === undefined) throw new UsageError('informe o ID da integração (veja `cidades integration list`).');
  if (extra !== undefined) throw new UsageError(`argumento inesperado: ${extra}.`);
  const id = idField('o ID da integração').safeParse(value);
  if (!id.success || !/^\d+$/.test(value)) throw new UsageError(`ID de integração inválido: ${value}.`);
  return id.data;
}

/** The first line of a stream (trailing CR/LF removed); used for `--password-stdin`. */
export function readFirstLine(input: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const cleanup = () => {
      input.off('data', onData).off('end', onEnd).off('error', onError);
      input.destroy();
    };
    const finish = (line: string) => {
      cleanup();
      resolve(line.replace(/\r$/, ''));
    };
    const onData = (chunk: string) => {
      text += chunk;
      const newline = text.indexOf('\n');
      if (newline >= 0) finish(text.slice(0, newline));
    };
    const onEnd = () => finish(text);
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    if (input.isTTY) process.stderr.write('Senha (primeira linha; prefira enviá-la por um pipe): ');
    input.setEncoding('utf8');
    input.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
