import { createConnection } from 'node:net'
import { parseJsonLine, type JsonLine } from './line-process'

/**
 * Sends one line command to a virtual board's control socket (the harness's, or a Cortex-M board owner's)
 * and resolves with the first reply line that `isReply` accepts; events that arrive meanwhile are skipped.
 * Rejects when the socket is missing, closes, or the deadline passes.
 */
export function sendControlCommand(
  socketPath: string,
  command: string,
  isReply: (line: JsonLine) => boolean,
  timeoutMs: number,
): Promise<JsonLine> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath)
    let partial = ''
    const done = (error: Error | undefined, line?: JsonLine) => {
      clearTimeout(timer)
      socket.destroy()
      if (error) reject(error)
      else if (line) resolve(line)
    }
    const timer = setTimeout(
      () => done(new Error(`no reply to "${command}" within ${timeoutMs} ms`)),
      timeoutMs,
    )
    socket.setEncoding('utf8')
    socket.on('connect', () => socket.write(command + '\n'))
    socket.on('error', (error) => done(error))
    socket.on('close', () => done(new Error(`the control socket closed before replying to "${command}"`)))
    socket.on('data', (text: string) => {
      const lines = (partial + text).split('\n')
      partial = lines.pop() ?? ''
      for (const raw of lines) {
        const line = parseJsonLine(raw)
        if (line && isReply(line)) return done(undefined, line)
      }
    })
  })
}

/** A reply to `command` from the Uno harness: `{"reply":"<command>",...}`. */
export function harnessReplyTo(command: string): (line: JsonLine) => boolean {
  const name = command.split(' ')[0]
  return (line) => line.reply === name || line.reply === 'error'
}
