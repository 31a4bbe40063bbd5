/** Where in the script a node error's message says it happened: "(script line 6, column 20)", or a syntax error's "at line 2, column 21". */
export interface RunErrorPlace {
  line: number;
  /** 1-based; absent where the message names only the line. */
  column?: number;
}

/** The place a Script node's error message names, or undefined where it names none (a time limit, a wrong output). */
export function runErrorPlace(message: string): RunErrorPlace | undefined {
  const place = /\(script line (\d+)(?:, column (\d+))?\)/.exec(message);
  if (!place) return undefined;
  return place[2] ? { line: Number(place[1]), column: Number(place[2]) } : { line: Number(place[1]) };
}
