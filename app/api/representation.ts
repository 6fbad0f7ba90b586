import type { z } from 'zod';

/**
 * A domain record as the API sends it, by its output schema. The records hold exactly the schema's fields, with
 * instants as Dates that `res.json` writes as ISO strings: nothing to copy or check again per item on the way out
 * (the contract check validates every response the test suite receives against the OpenAPI document).
 */
export function representation<S extends z.ZodType>(_schema: S): (record: object) => z.output<S> {
  return (record) => record as z.output<S>;
}
