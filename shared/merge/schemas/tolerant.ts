import * as z from 'zod/mini';

/**
 * Readers for fields Merge documents as optional and describes, but that nothing we do depends on:
 * a value of an unexpected type is read as absent, never a reason to refuse the whole body.
 */

/** A string stays; anything else (number, boolean, object, null) is absent. */
export const tolerantText = z.optional(
  z.pipe(
    z.unknown(),
    z.transform((value): string | undefined => (typeof value === 'string' ? value : undefined)),
  ),
);

/** true, false or null stay; anything else is absent. */
export const tolerantFlag = z.optional(
  z.pipe(
    z.unknown(),
    z.transform((value): boolean | null | undefined =>
      value === true || value === false || value === null ? value : undefined,
    ),
  ),
);
