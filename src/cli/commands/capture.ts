import type { Command } from 'commander'
import type { CaptureProtocol, CaptureStatus } from '../../shared/api/capture'
import type { AxisInfo } from '../../shared/api/dataset'
import { UsageError, runCommand, type Output } from '../output'

interface CaptureOptions {
  port: string
  label: string
  seconds: string
  project: string
  baud: string
  protocol: string
  rate?: string
  channels?: string
  axes?: string
  countdown: string
  serial?: string
  json?: boolean
}

function number(value: string, what: string, min: number): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n < min)
    throw new UsageError(`${what} must be a number of at least ${min}, not "${value}"`)
  return n
}

/** `accX:m/s2,accY:m/s2` → axis names and units. */
function parseAxes(text: string): AxisInfo[] {
  return text.split(',').map((part) => {
    const [name, unit = ''] = part.split(':')
    if (!name?.trim()) throw new UsageError(`--axes wants names like accX:g,accY:g, not "${text}"`)
    return { name: name.trim(), unit: unit.trim() }
  })
}

function progress(out: Output): (s: CaptureStatus) => void {
  let last = ''
  return (s) => {
    const line =
      s.phase === 'detecting'
        ? `Listening to ${s.portPath}…`
        : s.phase === 'countdown'
          ? `${s.protocol === 'mote' ? `Mote board ${s.board?.boardId ?? ''}` : 'Data forwarder'}: ${s.axes?.length} axes (${s.axes?.map((a) => a.name).join(', ')}) at ${s.rateHz} Hz`
          : s.phase === 'recording'
            ? `Recording ${s.seconds} s (${s.framesExpected} frames)…`
            : s.phase === 'saving'
              ? `Saving ${s.framesRecorded} frames`
              : ''
    if (line && line !== last) out.info((last = line))
  }
}

function describe(s: CaptureStatus): string {
  const lines = [
    `Saved sample ${s.sample!.id}: "${s.sample!.label}", ${s.sample!.length} frames at ${s.sample!.rateHz} Hz, ${s.sample!.category}`,
  ]
  if (s.truncated) lines.push('The board stopped sending before the end: the sample is marked truncated.')
  if (s.rejectedLines > 0)
    lines.push(`${s.rejectedLines} lines were not data and were skipped, e.g. ${s.rejectedExamples[0]}`)
  if (s.corruptFrames + s.lostSamples > 0)
    lines.push(`${s.corruptFrames} corrupt frames dropped, ${s.lostSamples} samples lost`)
  return lines.join('\n')
}

export function registerCaptureCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('capture')
    .description('record one labelled sample from a board on a serial port into a project')
    .requiredOption('--port <path>', 'serial port (/dev/ttyACM0, COM4, a virtual board’s pty)')
    .requiredOption('--label <label>', 'label of the sample')
    .requiredOption('--seconds <s>', 'length of the recording in seconds')
    .requiredOption('--project <dir>', 'project folder')
    .option('--baud <rate>', 'baud rate', '115200')
    .option(
      '--protocol <p>',
      'auto, forwarder (one line of numbers per sample) or mote (capture firmware)',
      'auto',
    )
    .option('--rate <hz>', 'Mote protocol: sampling rate to ask the board for (default 100)')
    .option('--channels <list>', 'Mote protocol: channels to sample, e.g. 0,1,2')
    .option('--axes <names>', 'axis names and units, e.g. accX:g,accY:g,accZ:g (remembered with --serial)')
    .option('--serial <number>', 'the board’s USB serial number, to remember its axis names')
    .option('--countdown <ms>', 'time before recording starts (detection runs meanwhile)', '2000')
    .option('--json', 'print the final status as JSON')
    .action(async (opts: CaptureOptions) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          if (!['auto', 'forwarder', 'mote'].includes(opts.protocol))
            throw new UsageError(`--protocol must be auto, forwarder or mote, not "${opts.protocol}"`)
          const { openDataset } = await import('../open-dataset')
          const { CaptureService } = await import('../../main/services/capture/capture-service')
          const { serialStreamOpener } = await import('../../main/services/capture/serial-stream')
          const { project, dataset, settings } = await openDataset(opts.project)
          const capture = new CaptureService({
            open: serialStreamOpener(),
            save: (s) => dataset.addRecorded(s),
            settings,
          })
          capture.onDidChangeStatus(progress(out))
          try {
            const final = await capture.record({
              portPath: opts.port,
              baudRate: number(opts.baud, '--baud', 300),
              label: opts.label,
              seconds: number(opts.seconds, '--seconds', 0.01),
              protocol: opts.protocol as CaptureProtocol,
              countdownMs: number(opts.countdown, '--countdown', 0),
              ...(opts.rate ? { rateHz: number(opts.rate, '--rate', 0.001) } : {}),
              ...(opts.channels
                ? { channels: opts.channels.split(',').map((c) => number(c, '--channels', 0)) }
                : {}),
              ...(opts.axes ? { axes: parseAxes(opts.axes) } : {}),
              ...(opts.serial ? { serialNumber: opts.serial } : {}),
            })
            if (final.phase !== 'done')
              throw final.error ?? new Error(`The recording ended as ${final.phase}.`)
            out.data(final, () => describe(final))
          } finally {
            await project.close()
          }
        }),
      )
    })
}
