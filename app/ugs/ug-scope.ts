/**
 * The UGs a query may touch: the caller's visible set, narrowed by the UG filters of the request. A requested UG
 * outside the visible set narrows to nothing, so the answer is the same as for a UG that does not exist.
 */
export function scopeUgIds(visible: readonly number[], requested?: number | readonly number[]): number[] {
  if (requested === undefined) return [...visible];
  const wanted = new Set(typeof requested === 'number' ? [requested] : requested);
  return visible.filter((id) => wanted.has(id));
}
