import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SerialPort } from 'serialport'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { nodeProcessRunner } from '../../../../src/main/services/system/process-runner'
import { ToolchainService } from '../../../../src/main/services/toolchain/toolchain-service'
import { VirtualBoardsService } from '../../../../src/main/services/virtual-boards/virtual-boards-service'

export const RESOURCES_DIR = fileURLToPath(new URL('../../../../resources', import.meta.url))

/** One native-build cache for every slow test file, so the harness and optiboot compile once per machine. */
export const TEST_CACHE_DIR = join(tmpdir(), 'mote-test-native-cache')

export function testToolchain(cacheDir = TEST_CACHE_DIR): ToolchainService {
  return new ToolchainService({
    fs: nodeFileSystem,
    runner: nodeProcessRunner,
    cacheDir,
    resourcesDir: RESOURCES_DIR,
  })
}

/** A service with its own runtime folder (ports, sockets, records) so test files never share boards. */
export async function testVirtualBoards(
  toolchain = testToolchain(),
): Promise<{ service: VirtualBoardsService; runtimeDir: string }> {
  const runtimeDir = await mkdtemp(join(tmpdir(), 'mote-vb-'))
  return {
    service: new VirtualBoardsService({
      toolchain,
      runner: nodeProcessRunner,
      fs: nodeFileSystem,
      runtimeDir,
    }),
    runtimeDir,
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Opens a port with serialport and collects what arrives; `until` waits for a substring. */
export async function openCollector(path: string): Promise<{
  port: SerialPort
  text: () => string
  until: (needle: string, timeoutMs: number) => Promise<string>
  write: (data: string) => Promise<void>
  close: () => Promise<void>
}> {
  const port = new SerialPort({ path, baudRate: 115200, autoOpen: false })
  await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())))
  let received = ''
  port.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')))
  return {
    port,
    text: () => received,
    until: async (needle, timeoutMs) => {
      const deadline = Date.now() + timeoutMs
      while (!received.includes(needle)) {
        if (Date.now() > deadline)
          throw new Error(`"${needle}" did not arrive in ${timeoutMs} ms; got ${JSON.stringify(received)}`)
        await sleep(20)
      }
      return received
    },
    write: (data) =>
      new Promise((res, rej) => port.write(data, 'latin1', (e) => (e ? rej(e) : port.drain(() => res())))),
    close: () => new Promise((res) => (port.isOpen ? port.close(() => res()) : res())),
  }
}
