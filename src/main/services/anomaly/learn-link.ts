import { anomalyFailure } from '../../../core/anomaly/errors'
import type { RawSerialPort, SerialOpener } from '../serial/serial-port'

/**
 * The host's side of the on-device learning firmware's line protocol (resources/firmware/anomaly/uno_learn.c,
 * docs/anomaly.md): one line out, one reply line back, in order. Opening the port resets an Uno; `open`
 * waits for the firmware's banner and reports whether the board already holds a model.
 */
export interface LearnBoardInfo {
  readonly features: number
  /** Windows the stored model was learnt from, or undefined when the board has none. */
  readonly modelWindows?: number
}

export const LEARN_BAUD_RATE = 115200
const BANNER = /mote anomaly-learn 1 features=(\d+) model=(\d+|none)\r?\n/

export class AnomalyLearnLink {
  private received = ''
  private constructor(private readonly port: RawSerialPort) {
    port.onData((chunk) => (this.received += new TextDecoder('latin1').decode(chunk)))
  }

  /** Opens the port and waits (up to `timeoutMs`) for the banner. */
  static async open(
    opener: SerialOpener,
    path: string,
    timeoutMs = 5000,
  ): Promise<{ link: AnomalyLearnLink; info: LearnBoardInfo }> {
    const link = new AnomalyLearnLink(await opener(path, { baudRate: LEARN_BAUD_RATE }))
    try {
      const match = await link.waitFor(
        () => BANNER.exec(link.received),
        timeoutMs,
        'the learning firmware’s banner',
      )
      link.received = link.received.slice(match.index + match[0].length)
      const info = match[2] === 'none' ? {} : { modelWindows: Number(match[2]) }
      return { link, info: { features: Number(match[1]), ...info } }
    } catch (error) {
      await link.close()
      throw error
    }
  }

  /** Starts learning the next `windows` windows. */
  async startLearning(windows: number): Promise<void> {
    await this.expect(`L ${windows}`, `ok learn ${windows}`)
  }

  /** Sends one window; returns the board's answer: learnt so far, saved, or a score. */
  async sendWindow(q: Int16Array): Promise<{ learned: number } | { saved: number } | { score: number }> {
    const reply = await this.ask(`W ${Array.from(q).join(' ')}`)
    const [word, value] = reply.split(' ')
    const n = Number(value)
    if (word === 'learned' && Number.isInteger(n)) return { learned: n }
    if (word === 'saved' && Number.isInteger(n)) return { saved: n }
    if (word === 'score' && Number.isInteger(n)) return { score: n }
    throw anomalyFailure('AnomalyBadData', `The board answered "${reply}" to a window.`)
  }

  async close(): Promise<void> {
    if (this.port.isOpen) await this.port.close()
  }

  private async expect(line: string, reply: string): Promise<void> {
    const got = await this.ask(line)
    if (got !== reply) throw anomalyFailure('AnomalyBadData', `The board answered "${got}" to "${line}".`)
  }

  /** One line out, the next reply line back (a reply the firmware cannot give in 5 s means it is gone). */
  private async ask(line: string, timeoutMs = 5000): Promise<string> {
    await this.port.write(new TextEncoder().encode(line + '\n'))
    const end = await this.waitFor(
      () => {
        const at = this.received.indexOf('\n')
        return at >= 0 ? at : undefined
      },
      timeoutMs,
      `a reply to "${line.slice(0, 24)}"`,
    )
    const reply = this.received.slice(0, end).replace(/\r$/, '')
    this.received = this.received.slice(end + 1)
    return reply
  }

  private async waitFor<T>(found: () => T | undefined | null, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const value = found()
      if (value !== undefined && value !== null) return value
      if (Date.now() > deadline || !this.port.isOpen)
        throw anomalyFailure(
          'AnomalyBadData',
          `No ${what} from the board on ${this.port.path} within ${timeoutMs} ms.`,
        )
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
}
