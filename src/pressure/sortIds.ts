/**
 * Writes into `into` the indices of `ids` in the order `<` gives their strings (UTF-16 code
 * units), the order of the governor's result; equal ids end up side by side, where a
 * duplicate is found. Ids are compared once, here: every later order works on their ranks.
 */
export function sortIds(ids: readonly string[], into: Uint32Array): void {
  const order = Array.from({ length: ids.length }, (_, i) => i);
  order.sort((a, b) => {
    const x = ids[a] as string;
    const y = ids[b] as string;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  for (let r = 0; r < order.length; r++) into[r] = order[r] as number;
}
