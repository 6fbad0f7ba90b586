import type { z } from 'zod';

/**
 * A domain record as the API sends it, by its output schema. The records hold exactly the schema's fields (the domain
 * tests check it); going through JSON turns their instants into ISO strings, and the schema drops anything else.
 */
export function representation<S extends z.ZodType>(schema: S): (record: object) => z.output<S> {
  return (record) => schema.parse(JSON.parse(JSON.stringify(record)));
}
