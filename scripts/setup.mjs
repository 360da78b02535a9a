#!/usr/bin/env node
// `npm run setup`: everything a fresh machine needs, idempotently.
//   1. Debian/Ubuntu packages (toolchains, simulators, Chromium for tests) via apt-get when we are root or
//      have passwordless sudo; elsewhere the exact install line is printed and setup carries on.
//   2. `npm ci` from the committed package-lock.json; when only Electron's binary could not be downloaded
//      (machines that reach the npm registry but not GitHub), again without it, saying so in one line.
//   3. `npm run build`, so that `mote serve`, the fast `mote` and the end-to-end tests have their bundles.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { NO_ELECTRON_BINARY, afterNpmCi, hasElectronBinary } from './electron-binary.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const packages = readFileSync(join(root, 'scripts/debian-packages.txt'), 'utf8')
  .split('\n')
  .map((l) => l.replace(/#.*/, '').trim())
  .filter(Boolean)

function run(command, args, { quiet = false, ...options } = {}) {
  if (!quiet) console.log(`\n$ ${[command, ...args].join(' ')}`)
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options })
  if (result.status !== 0) {
    console.error(`setup: \`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}).`)
    process.exit(1)
  }
}

/** Runs a command with its output shown as it comes and kept (the last 64 KiB) for a decision. */
function runKeepingOutput(command, args, options = {}) {
  console.log(`\n$ ${[command, ...args].join(' ')}`)
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['inherit', 'pipe', 'pipe'], ...options })
    let output = ''
    const keep = (stream, chunk) => {
      stream.write(chunk)
      output = (output + chunk).slice(-65536)
    }
    child.stdout.on('data', (chunk) => keep(process.stdout, chunk))
    child.stderr.on('data', (chunk) => keep(process.stderr, chunk))
    child.on('error', (error) => resolve({ status: null, output: String(error) }))
    child.on('close', (status) => resolve({ status, output }))
  })
}

async function installNodeModules() {
  const args = ['ci', '--no-audit', '--no-fund']
  const first = await runKeepingOutput('npm', args)
  const next = afterNpmCi(first.status, first.output, process.env)
  if (next === 'retry-without-electron') {
    console.log('\n$ ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci …')
    run('npm', args, { env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, quiet: true })
  } else if (next === 'failed') {
    console.error(`setup: \`npm ${args.join(' ')}\` failed (exit ${first.status}).`)
    process.exit(1)
  }
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

function missingDebianPackages() {
  return packages.filter((pkg) => {
    try {
      const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], {
        stdio: ['ignore', 'pipe', 'ignore'],
      })
      return !String(status).includes('install ok installed')
    } catch {
      return true
    }
  })
}

function installSystemPackages() {
  if (process.platform === 'darwin') {
    console.log(
      'setup: on macOS install the toolchains with Homebrew:\n' +
        '  brew tap osx-cross/avr && brew install avr-gcc avrdude simavr qemu socat sox espeak-ng\n' +
        '  brew install --cask gcc-arm-embedded chromium',
    )
    return
  }
  if (process.platform === 'win32') {
    console.log(
      'setup: on Windows install the Arduino IDE (avr-gcc, avrdude) and:\n' +
        '  winget install Arm.GnuArmEmbeddedToolchain SoftwareFreedomConservancy.QEMU eSpeak-NG.eSpeak-NG ChrisBagwell.SoX\n' +
        '  (the virtual Uno needs Linux or macOS; use WSL for it)',
    )
    return
  }
  if (!has('apt-get') || !has('dpkg-query')) {
    console.log(`setup: not a Debian/Ubuntu system; install the equivalents of: ${packages.join(' ')}`)
    return
  }
  const missing = missingDebianPackages()
  if (missing.length === 0) {
    console.log('setup: all Debian packages are installed.')
    return
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  const sudo = isRoot
    ? []
    : spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0
      ? ['sudo']
      : undefined
  if (sudo === undefined) {
    console.log(
      `setup: run this once (needs administrator rights), then run setup again:\n  sudo apt-get install -y ${missing.join(' ')}`,
    )
    return
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const [cmd, ...pre] = sudo.length ? ['sudo', 'apt-get'] : ['apt-get']
  run(cmd, [...pre, 'update', '-q'], { env })
  run(cmd, [...pre, 'install', '-y', '-q', '--no-install-recommends', ...missing], { env })
}

installSystemPackages()
await installNodeModules()
run('npm', ['run', 'build'])
for (const built of ['out/renderer/index.html', 'out/cli/mote.js'])
  if (!existsSync(join(root, built))) {
    console.error(`setup: the build did not produce ${built}`)
    process.exit(1)
  }
if (hasElectronBinary(root))
  console.log(
    '\nsetup: done. `npm start` opens the app, `npm test` runs the whole suite, `npx mote --help` the CLI.',
  )
else {
  console.log('\nsetup: done. `npm test` runs the whole suite, `npx mote --help` the CLI.')
  console.log(NO_ELECTRON_BINARY)
}
