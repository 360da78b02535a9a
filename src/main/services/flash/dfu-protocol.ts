/**
 * USB DFU 1.1 (USB-IF "Device Class Specification for Device Firmware Upgrade", rev 1.1) and ST's DfuSe
 * extensions (UM0424 §10, AN3156 §3–6): request codes, states, status codes, and the parsers for the
 * configuration descriptor and the DfuSe memory-layout string. Pure data and functions.
 */

export const DfuRequest = {
  DETACH: 0,
  DNLOAD: 1,
  UPLOAD: 2,
  GETSTATUS: 3,
  CLRSTATUS: 4,
  GETSTATE: 5,
  ABORT: 6,
} as const

export const DfuState = {
  appIDLE: 0,
  appDETACH: 1,
  dfuIDLE: 2,
  dfuDNLOAD_SYNC: 3,
  dfuDNBUSY: 4,
  dfuDNLOAD_IDLE: 5,
  dfuMANIFEST_SYNC: 6,
  dfuMANIFEST: 7,
  dfuMANIFEST_WAIT_RESET: 8,
  dfuUPLOAD_IDLE: 9,
  dfuERROR: 10,
} as const

/** DFU 1.1 §6.1.2 bStatus names, for messages. */
export const DFU_STATUS_NAMES = [
  'OK',
  'errTARGET',
  'errFILE',
  'errWRITE',
  'errERASE',
  'errCHECK_ERASED',
  'errPROG',
  'errVERIFY',
  'errADDRESS',
  'errNOTDONE',
  'errFIRMWARE',
  'errVENDOR',
  'errUSBR',
  'errPOR',
  'errUNKNOWN',
  'errSTALLEDPKT',
] as const

/** DfuSe commands, sent as DNLOAD block 0 (UM0424 §10.3). */
export const DfuseCommand = {
  GET_COMMANDS: 0x00,
  SET_ADDRESS: 0x21,
  ERASE: 0x41,
  READ_UNPROTECT: 0x92,
} as const

/** bcdDFUVersion 0x011A marks DfuSe; plain DFU 1.1 is 0x0110. */
export const DFUSE_VERSION = 0x011a

export interface DfuStatus {
  readonly status: number
  readonly pollTimeoutMs: number
  readonly state: number
}

export function parseStatus(data: DataView): DfuStatus {
  if (data.byteLength < 6) throw new RangeError(`DFU_GETSTATUS returned ${data.byteLength} bytes, not 6`)
  return {
    status: data.getUint8(0),
    pollTimeoutMs: data.getUint8(1) | (data.getUint8(2) << 8) | (data.getUint8(3) << 16),
    state: data.getUint8(4),
  }
}

/** A DFU interface (class 0xFE, subclass 1) with its functional descriptor, from the configuration descriptor. */
export interface DfuInterface {
  readonly interfaceNumber: number
  readonly alternateSetting: number
  /** 1 = run-time (application), 2 = DFU mode. */
  readonly protocol: number
  readonly nameIndex: number
  readonly canDownload: boolean
  readonly canUpload: boolean
  readonly manifestationTolerant: boolean
  readonly willDetach: boolean
  readonly transferSize: number
  readonly dfuVersion: number
}

/**
 * Walks a configuration descriptor (USB 2.0 §9.6.3) and returns the DFU interfaces it declares. The DFU
 * functional descriptor (type 0x21) follows its interface; on DfuSe devices one functional descriptor
 * follows the last alternate setting and applies to all of them, so it is propagated backwards.
 */
export function parseDfuInterfaces(config: Uint8Array): DfuInterface[] {
  const found: Array<
    Omit<
      DfuInterface,
      'canDownload' | 'canUpload' | 'manifestationTolerant' | 'willDetach' | 'transferSize' | 'dfuVersion'
    >
  > = []
  let functional: { attributes: number; transferSize: number; version: number } | undefined
  let inDfu = false
  for (let at = 0; at + 2 <= config.length;) {
    const length = config[at]!
    const type = config[at + 1]!
    if (length < 2) break
    if (type === 0x04 && at + 9 <= config.length) {
      inDfu = config[at + 5] === 0xfe && config[at + 6] === 0x01
      if (inDfu) {
        found.push({
          interfaceNumber: config[at + 2]!,
          alternateSetting: config[at + 3]!,
          protocol: config[at + 7]!,
          nameIndex: config[at + 8]!,
        })
      }
    } else if (type === 0x21 && inDfu && at + 9 <= config.length) {
      functional = {
        attributes: config[at + 2]!,
        transferSize: config[at + 5]! | (config[at + 6]! << 8),
        version: config[at + 7]! | (config[at + 8]! << 8),
      }
    }
    at += length
  }
  if (functional === undefined) return []
  const f = functional
  return found.map((i) => ({
    ...i,
    canDownload: (f.attributes & 0x01) !== 0,
    canUpload: (f.attributes & 0x02) !== 0,
    manifestationTolerant: (f.attributes & 0x04) !== 0,
    willDetach: (f.attributes & 0x08) !== 0,
    transferSize: f.transferSize,
    dfuVersion: f.version,
  }))
}

/** One run of equal sectors in a DfuSe memory layout. */
export interface DfuseSegment {
  readonly start: number
  readonly sectorBytes: number
  readonly sectors: number
  readonly readable: boolean
  readonly erasable: boolean
  readonly writable: boolean
}

/**
 * Parses a DfuSe interface string such as `@Internal Flash  /0x08000000/0256*0008Kg` (UM0424 §10.2.1):
 * `@name/start/count*size<unit><type>[,count*size<unit><type>]...`, unit ` ` (bytes), `K` or `M`, type a
 * letter whose bits 0–2 are readable, erasable, writable (`a`=1 … `g`=7).
 */
export function parseDfuseLayout(text: string): { readonly name: string; readonly segments: DfuseSegment[] } {
  const match = /^@([^/]*)((?:\/0x[0-9A-Fa-f]+\/[^/]+)+)/.exec(text.trim())
  if (match === null) throw new SyntaxError(`not a DfuSe memory layout: "${text}"`)
  const segments: DfuseSegment[] = []
  for (const region of match[2]!.matchAll(/\/0x([0-9A-Fa-f]+)\/([^/]+)/g)) {
    let start = Number.parseInt(region[1]!, 16)
    for (const run of region[2]!.matchAll(/(\d+)\*(\d+)\s?([ BKM]?)([a-g])/g)) {
      const unit = run[3] === 'K' ? 1024 : run[3] === 'M' ? 1024 * 1024 : 1
      const sectorBytes = Number.parseInt(run[2]!, 10) * unit
      const sectors = Number.parseInt(run[1]!, 10)
      const bits = run[4]!.charCodeAt(0) - 0x60
      segments.push({
        start,
        sectorBytes,
        sectors,
        readable: (bits & 1) !== 0,
        erasable: (bits & 2) !== 0,
        writable: (bits & 4) !== 0,
      })
      start += sectorBytes * sectors
    }
  }
  return { name: match[1]!.trim(), segments }
}

/** Start addresses of the erasable sectors that overlap [start, end). Throws on a range outside writable memory. */
export function sectorsToErase(segments: readonly DfuseSegment[], start: number, end: number): number[] {
  const sectors: number[] = []
  for (let address = start; address < end;) {
    const segment = segments.find((s) => address >= s.start && address < s.start + s.sectorBytes * s.sectors)
    if (segment === undefined || !segment.writable)
      throw new RangeError(`0x${address.toString(16)} is not writable`)
    const sector =
      segment.start + Math.floor((address - segment.start) / segment.sectorBytes) * segment.sectorBytes
    if (segment.erasable) sectors.push(sector)
    address = sector + segment.sectorBytes
  }
  return sectors
}
