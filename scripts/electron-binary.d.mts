/** Types of scripts/electron-binary.mjs (plain JavaScript: setup runs it before anything is installed). */
export declare const NO_ELECTRON_BINARY: string
export declare function hasElectronBinary(root: string): boolean
export declare function isElectronInstallFailure(output: string): boolean
export declare function afterNpmCi(
  status: number | null,
  output: string,
  env: Record<string, string | undefined>,
): 'installed' | 'retry-without-electron' | 'failed'
