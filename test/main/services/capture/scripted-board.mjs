// A scripted data-forwarder board for the pty tests: prints line k as axis values v(k, a) on its end of a
// socat pty pair, at an exact long-run rate (lines due are computed from the clock, not counted ticks).
// usage: node scripted-board.mjs <pty> <rateHz> <axes> <lines> <separator: comma|tab|space> [banner] [sine]
// With `sine`, axis a is a sine of period (1 + a/2) s instead of the exact ramp (for pictures, not checks).
import { openSync, writeSync } from 'node:fs'

const [pty, rateText, axesText, linesText, sepName, banner, shape] = process.argv.slice(2)
const rateHz = Number(rateText)
const axes = Number(axesText)
const total = Number(linesText)
const sep = { comma: ',', tab: '\t', space: ' ' }[sepName] ?? ','

/** Exact in float32: a multiple of 1/16 below 2^13. */
const ramp = (k, a) => ((k * 31 + a * 1009) % 100003) / 16 - 3000
const sine = (k, a) => (Math.sin((2 * Math.PI * k) / rateHz / (1 + a / 2) + a) * (3 + a)).toFixed(3)
const value = shape === 'sine' ? sine : ramp

const fd = openSync(pty, 'r+')
if (banner && banner !== '-') writeSync(fd, `${banner}\r\n`)
const t0 = performance.now()
let sent = 0
const timer = setInterval(() => {
  const due = Math.min(total, Math.floor(((performance.now() - t0) * rateHz) / 1000))
  let text = ''
  for (; sent < due; sent++) {
    const parts = []
    for (let a = 0; a < axes; a++) parts.push(value(sent, a))
    text += parts.join(sep) + '\r\n'
  }
  try {
    if (text) writeSync(fd, text)
  } catch {
    process.exit(0) // the cable was pulled (socat killed): a board has no one to tell
  }
  if (sent >= total) {
    clearInterval(timer)
    setTimeout(() => process.exit(0), 200)
  }
}, 2)
process.on('SIGTERM', () => process.exit(0))
