/** Real clients for the export tests: Info-ZIP's unzip, the README's own shell commands. */
import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** Unzips `zip` with Info-ZIP's unzip (testing the archive first) into a fresh folder. */
export async function unzipped(zip: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mote-unzip-'))
  await run('unzip', ['-tq', zip])
  await run('unzip', ['-q', zip, '-d', dir])
  return dir
}

/** The lines of the first fenced block of `language` in a Markdown text. */
export function fencedBlock(markdown: string, language: string): string {
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(markdown)
  if (!match) throw new Error(`no \`\`\`${language} block`)
  return match[1]!
}

/** Runs a shell script with `sh -e` in `cwd`; stdout, or the failure with stderr. */
export async function shell(script: string, cwd: string): Promise<string> {
  const { stdout } = await run('sh', ['-e', '-c', script], { cwd, maxBuffer: 1 << 24 })
  return stdout
}

/** Runs `program` with `input` on stdin. */
export async function runWithInput(program: string, args: readonly string[], input: string): Promise<string> {
  const child = execFile(program, [...args], { maxBuffer: 1 << 20 })
  const output = new Promise<string>((resolve, reject) => {
    let text = ''
    child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`${program} exited ${code}`))))
  })
  child.stdin!.end(input)
  return output
}
