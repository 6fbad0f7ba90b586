import { z } from 'zod';

/** Largest id an `integer` column holds on PostgreSQL: a bigger one would fail the query instead of finding nothing. */
const MAX_ID = 2_147_483_647;

/** A record id, in the path or in a filter. */
export const idParam = (description: string) => z.coerce.number().int().min(1).max(MAX_ID).meta({ description, example: 12 });

/** `true` or `false`, nothing else: `z.coerce.boolean` would read "false" as true. */
export const booleanParam = (description: string) =>
  z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .meta({ description });

/** A domain's filter fields, as they validate, with the descriptions the OpenAPI document shows for them. */
export function describedFields<S extends z.core.$ZodLooseShape>(shape: S, descriptions: { [K in keyof S]: string }): S {
  return Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, (field as z.ZodType).meta({ description: descriptions[name] })])) as S;
}

/** A domain's codes with their labels, for a parameter's description: `homologada` (Homologada), … */
export function codeList(codes: Record<string | number, string>): string {
  return Object.entries(codes)
    .map(([code, label]) => `\`${code}\` (${label})`)
    .join(', ');
}
