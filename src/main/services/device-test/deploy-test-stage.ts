import type { Board } from '../../../core/boards/types'
import { contentHash } from '../../../core/codegen/c/generate'
import { DeviceTestErrorCode, type DeployReport } from '../../../shared/api/device-test'
import { MoteFailure, toMoteError } from '../../../shared/errors'
import type { RawSerialPort } from '../serial/serial-port'
import type { DeployCallbacks, DeployDeps, DeployRequest } from './deploy-run'
import { runDeviceTest } from './device-test-run'
import { testWindows, type DeployVariant } from './deploy-variant'
import { firmwarePortOf } from './firmware-ports'
import { InferenceClient } from './inference-client'
import type { InferenceFirmwareBuild } from './inference-firmware'

/**
 * The deployment's test stage (docs/firmware.md): connect, check that the board runs the build just made,
 * and run the on-device test. When flashing was skipped (the port's record said the board runs this build)
 * and the board says otherwise, `reflash` flashes it after all and the stage connects again.
 */
export async function testOnBoard(
  deps: DeployDeps,
  request: DeployRequest,
  variant: DeployVariant,
  board: Board,
  built: InferenceFirmwareBuild,
  callbacks: DeployCallbacks,
  reflash?: () => Promise<void>,
): Promise<{ report: Pick<DeployReport, 'identity' | 'test' | 'stoppedBy'>; reflashed: boolean }> {
  const { onProgress, cancellation } = callbacks
  onProgress?.('test', 0, 'Connecting to the board')
  const session = await connectToBuild(deps, request, board, built, callbacks, reflash)
  try {
    const { client } = session
    if (client.identity.modelHash !== contentHash({ graph: variant.graph, coded: variant.coded }))
      throw new MoteFailure(
        DeviceTestErrorCode.BadReply,
        'The board runs another model than the one just flashed. Flash again.',
      )
    const count = request.windows ?? 100
    if (count === 0) return { report: { identity: client.identity }, reflashed: session.reflashed }
    const windows = await testWindows(deps.fs, request.projectDir, variant.design, count)
    const { report, error } = await runDeviceTest(
      client,
      variant.graph,
      windows,
      variant.design.labels.length,
      {
        onProgress: (done, total) => onProgress?.('test', done / total, `Window ${done} of ${total}`),
        ...(cancellation ? { cancellation } : {}),
      },
    )
    return {
      report: {
        identity: client.identity,
        test: report,
        ...(error ? { stoppedBy: toMoteError(error).message } : {}),
      },
      reflashed: session.reflashed,
    }
  } finally {
    await session.close()
  }
}

interface Session {
  readonly client: InferenceClient
  readonly reflashed: boolean
  close(): Promise<void>
}

/** Opens the port and identifies the firmware; with `reflash`, flashes once when it is not `built`. */
async function connectToBuild(
  deps: DeployDeps,
  request: DeployRequest,
  board: Board,
  built: InferenceFirmwareBuild,
  { onProgress, cancellation }: DeployCallbacks,
  reflash?: () => Promise<void>,
): Promise<Session> {
  const serial = await deps.open(request.port, { baudRate: firmwarePortOf(board).baudRate })
  let client: InferenceClient | undefined
  try {
    client = await InferenceClient.connect(serial, cancellation ? { cancellation } : {})
  } catch (error) {
    await serial.close().catch(() => undefined)
    if (reflash === undefined || cancellation?.aborted) throw error
  }
  if (client !== undefined && (reflash === undefined || client.identity.buildId === built.buildId))
    return session(client, serial, false)
  client?.dispose()
  await serial.close().catch(() => undefined)
  onProgress?.('flash', 0, 'The board runs other firmware: flashing it after all')
  await reflash!()
  onProgress?.('test', 0, 'Connecting to the board')
  const again = await deps.open(request.port, { baudRate: firmwarePortOf(board).baudRate })
  try {
    return session(await InferenceClient.connect(again, cancellation ? { cancellation } : {}), again, true)
  } catch (error) {
    await again.close().catch(() => undefined)
    throw error
  }
}

function session(client: InferenceClient, serial: RawSerialPort, reflashed: boolean): Session {
  return {
    client,
    reflashed,
    close: async () => {
      client.dispose()
      await serial.close().catch(() => undefined)
    },
  }
}
