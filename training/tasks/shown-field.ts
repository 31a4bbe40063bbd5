/**
 * A record's field as an error message shows it: as JSON, except a bigint (an INT64 Parquet
 * column read by a reader that keeps them), which JSON.stringify throws on.
 */
export function shownField(value: unknown): string {
  return typeof value === "bigint" ? String(value) : (JSON.stringify(value) ?? String(value));
}
