/** Types of bin/cli-entry.mjs (plain JavaScript, because it runs before anything compiles TypeScript). */
export declare const CLI_MANIFEST: string
export type CliEntry = { kind: 'bundle'; path: string } | { kind: 'source'; reason: string }
export declare function chooseCliEntry(root: string): CliEntry
