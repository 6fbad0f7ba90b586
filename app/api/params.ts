import { z } from 'zod';
import { idField } from '../records/fields.ts';

/** A record id, in the path or in a filter: the one id rule, with zod's own messages, described for the document. */
export const idParam = (description: string) => idField().meta({ description, example: 12 });

/** `true` or `false`, nothing else: `z.coerce.boolean` would read "false" as true. */
export const booleanParam = (description: string) =>
  z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .meta({ description });

/** A domain's filter fields, as they validate, with the descriptions the OpenAPI document shows for them. */
export function describedFields<S extends z.core.$ZodLooseShape>(shape: S, descriptions: { [K in keyof S]: string }): S {
  return Object.fromEntries(
    Object.entries(shape).map(([name, field]) => [name, (field as z.ZodType).meta({ description: descriptions[name] })]),
  ) as S;
}
