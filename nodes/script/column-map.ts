/**
 * Where a column of the compiled JavaScript was in the user's TypeScript. Sucrase keeps lines but
 * not columns (it deletes type annotations), so a column QuickJS or V8 reports is the JavaScript's;
 * sucrase's source map maps each token back, and a column inside a token keeps its offset.
 */
export type ColumnMap = (line: number, column: number) => number;

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The map of a source map's `mappings` (one source; lines and columns here are 1-based). */
export function columnMap(mappings: string): ColumnMap {
  // Per generated line: [generated column, source column] pairs, 0-based, in order.
  const lines: [number, number][][] = [];
  let sourceColumn = 0;
  for (const text of mappings.split(";")) {
    const segments: [number, number][] = [];
    let generatedColumn = 0;
    for (const segment of text ? text.split(",") : []) {
      const fields = decodeVlq(segment);
      generatedColumn += fields[0] ?? 0;
      if (fields.length >= 4) {
        sourceColumn += fields[3]!;
        segments.push([generatedColumn, sourceColumn]);
      }
    }
    lines.push(segments);
  }
  return (line, column) => {
    const segments = lines[line - 1] ?? [];
    const at = segments.findLast(([generated]) => generated <= column - 1);
    return at ? at[1] + (column - 1 - at[0]) + 1 : column;
  };
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** A message's "(script line L, column C)", C in the JavaScript, with C in the user's TypeScript. */
export function inScriptColumns(message: string, map: ColumnMap): string {
  return message.replace(/\(script line (\d+), column (\d+)\)/g, (_, line: string, column: string) => `(script line ${line}, column ${map(Number(line), Number(column))})`);
}
