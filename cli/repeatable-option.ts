/**
 * Collects a repeatable flag's values (`--set a --set b`). Given to commander with no default list:
 * it would print "(default: [])" in --help, which tells a newcomer nothing; absent means none.
 */
export const collectRepeated = (value: string, all: readonly string[] = []): string[] => [...all, value];
