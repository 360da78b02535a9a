import { describe, expect, it } from 'vitest'
import {
  arduinoDataDirs,
  compareVersionsDescending,
  locateToolchain,
  type LocatorEnvironment,
} from '../../../../src/main/services/toolchain/toolchain-locator'
import { fakeFileSystem } from './fake-fs'

const AVR_TOOLS = ['avr-gcc', 'avr-objcopy', 'avr-size', 'avr-nm']

function toolsIn(dir: string, tools = AVR_TOOLS, ext = ''): string[] {
  return tools.map((t) => `${dir}/${t}${ext}`)
}

function env(files: string[], overrides: Partial<LocatorEnvironment> = {}): LocatorEnvironment {
  return {
    fs: fakeFileSystem(files),
    env: { PATH: '/usr/local/bin:/usr/bin' },
    platform: 'linux',
    homeDir: '/home/ada',
    extraPaths: [],
    ...overrides,
  }
}

describe('finding a cross toolchain', () => {
  it('finds avr-gcc and its tools on the PATH', async () => {
    const found = await locateToolchain('avr', env(toolsIn('/usr/bin')))
    expect(found).toMatchObject({
      source: 'path',
      binDir: '/usr/bin',
      gcc: '/usr/bin/avr-gcc',
      nm: '/usr/bin/avr-nm',
    })
  })

  it('prefers a folder from settings over the PATH, accepting the toolchain root or its bin folder', async () => {
    const files = [...toolsIn('/usr/bin'), ...toolsIn('/opt/avr8/bin')]
    expect((await locateToolchain('avr', env(files, { extraPaths: ['/opt/avr8'] })))?.gcc).toBe(
      '/opt/avr8/bin/avr-gcc',
    )
    expect((await locateToolchain('avr', env(files, { extraPaths: ['/opt/avr8/bin'] })))?.source).toBe(
      'settings',
    )
  })

  it('skips a folder that has gcc but not the other tools', async () => {
    const files = ['/usr/local/bin/avr-gcc', ...toolsIn('/usr/bin')]
    expect((await locateToolchain('avr', env(files)))?.binDir).toBe('/usr/bin')
  })

  it('falls back on the newest Arduino IDE toolchain in ~/.arduino15', async () => {
    const root = '/home/ada/.arduino15/packages/arduino/tools/avr-gcc'
    const files = [
      ...toolsIn(`${root}/5.4.0-atmel3.6.1-arduino2/bin`),
      ...toolsIn(`${root}/7.3.0-atmel3.6.1-arduino7/bin`),
    ]
    const found = await locateToolchain('avr', env(files, { env: { PATH: '/usr/bin' } }))
    expect(found).toMatchObject({ source: 'arduino', binDir: `${root}/7.3.0-atmel3.6.1-arduino7/bin` })
  })

  it('finds the Arm toolchain in the Arduino15 folder on macOS', async () => {
    const root = '/Users/ada/Library/Arduino15/packages/arduino/tools/arm-none-eabi-gcc/7-2017q4/bin'
    const files = toolsIn(root, [
      'arm-none-eabi-gcc',
      'arm-none-eabi-objcopy',
      'arm-none-eabi-size',
      'arm-none-eabi-nm',
    ])
    const found = await locateToolchain(
      'arm',
      env(files, { platform: 'darwin', homeDir: '/Users/ada', env: { PATH: '/usr/bin' } }),
    )
    expect(found?.gcc).toBe(`${root}/arm-none-eabi-gcc`)
  })

  it('answers undefined when no complete toolchain exists', async () => {
    expect(await locateToolchain('arm', env(toolsIn('/usr/bin')))).toBeUndefined()
  })
})

describe('Arduino IDE data folders', () => {
  it('follows each platform’s convention', () => {
    expect(arduinoDataDirs('linux', {}, '/home/ada')).toEqual(['/home/ada/.arduino15'])
    expect(arduinoDataDirs('darwin', {}, '/Users/ada')).toEqual(['/Users/ada/Library/Arduino15'])
    expect(
      arduinoDataDirs('win32', { LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'C:\\Users\\ada')[0],
    ).toMatch(/AppData.Local.Arduino15$/)
  })

  it('orders version folders newest first, numerically', () => {
    const sorted = [
      '7.3.0-atmel3.6.1-arduino7',
      '10.2.1',
      '5.4.0-atmel3.6.1-arduino2',
      '7.3.0-atmel3.6.1-arduino10',
    ].sort(compareVersionsDescending)
    expect(sorted).toEqual([
      '10.2.1',
      '7.3.0-atmel3.6.1-arduino10',
      '7.3.0-atmel3.6.1-arduino7',
      '5.4.0-atmel3.6.1-arduino2',
    ])
  })
})
