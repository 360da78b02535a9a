/**
 * Every external program the studio uses, how to ask for its version, and how to install it where it is
 * missing. `npm run setup` installs the Debian packages named here; keep the two in step.
 */
export interface ToolSpec {
  readonly id: string
  readonly name: string
  readonly neededFor: string
  /** Executable names to look for on PATH (first found wins). */
  readonly commands: readonly string[]
  readonly versionArgs: readonly string[]
  /** A library rather than a program: found by file paths instead of PATH. */
  readonly files?: readonly string[]
  readonly debianPackages: readonly string[]
  readonly macInstall: string
  readonly windowsInstall: string
}

export const TOOLS: readonly ToolSpec[] = [
  {
    id: 'avr-gcc',
    name: 'AVR C compiler (avr-gcc)',
    neededFor: 'building firmware for the Arduino Uno and Nano',
    commands: ['avr-gcc'],
    versionArgs: ['--version'],
    debianPackages: ['gcc-avr', 'avr-libc'],
    macInstall: 'brew tap osx-cross/avr && brew install avr-gcc',
    windowsInstall: 'install the Arduino IDE (it ships avr-gcc) or add its folder in Settings → Toolchains',
  },
  {
    id: 'avr-size',
    name: 'AVR size tool (avr-size)',
    neededFor: 'size reports of AVR firmware',
    commands: ['avr-size'],
    versionArgs: ['--version'],
    debianPackages: ['binutils-avr'],
    macInstall: 'brew tap osx-cross/avr && brew install avr-gcc',
    windowsInstall: 'install the Arduino IDE (it ships avr-size)',
  },
  {
    id: 'avrdude',
    name: 'avrdude',
    neededFor: 'cross-checking our STK500 flasher (optional)',
    commands: ['avrdude'],
    versionArgs: ['-?'],
    debianPackages: ['avrdude'],
    macInstall: 'brew install avrdude',
    windowsInstall: 'install the Arduino IDE (it ships avrdude)',
  },
  {
    id: 'arm-none-eabi-gcc',
    name: 'Arm C compiler (arm-none-eabi-gcc)',
    neededFor: 'building firmware for Cortex-M boards',
    commands: ['arm-none-eabi-gcc'],
    versionArgs: ['--version'],
    debianPackages: ['gcc-arm-none-eabi', 'libnewlib-arm-none-eabi'],
    macInstall: 'brew install --cask gcc-arm-embedded',
    windowsInstall: 'winget install Arm.GnuArmEmbeddedToolchain',
  },
  {
    id: 'qemu-system-arm',
    name: 'QEMU for Arm (qemu-system-arm)',
    neededFor: 'the virtual Cortex-M boards',
    commands: ['qemu-system-arm'],
    versionArgs: ['--version'],
    debianPackages: ['qemu-system-arm'],
    macInstall: 'brew install qemu',
    windowsInstall: 'winget install SoftwareFreedomConservancy.QEMU',
  },
  {
    id: 'libsimavr',
    name: 'simavr library (libsimavr)',
    neededFor: 'the virtual Arduino Uno',
    commands: [],
    versionArgs: [],
    files: [
      '/usr/include/simavr/sim_avr.h',
      '/usr/local/include/simavr/sim_avr.h',
      '/opt/homebrew/include/simavr/sim_avr.h',
    ],
    debianPackages: ['simavr', 'libsimavr-dev', 'libelf-dev'],
    macInstall: 'brew tap osx-cross/avr && brew install simavr',
    windowsInstall: 'not available on Windows: the virtual Uno needs Linux or macOS (use WSL)',
  },
  {
    id: 'cc',
    name: 'host C compiler (cc)',
    neededFor: 'building the virtual Uno and checking generated C on this computer',
    commands: ['cc', 'gcc', 'clang'],
    versionArgs: ['--version'],
    debianPackages: ['build-essential'],
    macInstall: 'xcode-select --install',
    windowsInstall: 'winget install LLVM.LLVM',
  },
  {
    id: 'pkg-config',
    name: 'pkg-config',
    neededFor: 'building the virtual Uno against libsimavr',
    commands: ['pkg-config'],
    versionArgs: ['--version'],
    debianPackages: ['pkg-config'],
    macInstall: 'brew install pkg-config',
    windowsInstall: 'not needed on Windows (the virtual Uno needs Linux or macOS)',
  },
  {
    id: 'chromium',
    name: 'Chromium (headless, for end-to-end tests)',
    neededFor: 'the end-to-end UI tests',
    commands: ['chromium', 'chromium-browser', 'google-chrome'],
    versionArgs: ['--version'],
    debianPackages: ['chromium'],
    macInstall: 'brew install --cask chromium',
    windowsInstall: 'winget install Hibbiki.Chromium',
  },
  {
    id: 'socat',
    name: 'socat',
    neededFor: 'virtual serial pairs in tests',
    commands: ['socat'],
    versionArgs: ['-V'],
    debianPackages: ['socat'],
    macInstall: 'brew install socat',
    windowsInstall: 'not needed on Windows (tests only)',
  },
  {
    id: 'espeak-ng',
    name: 'eSpeak NG (speech synthesis)',
    neededFor: 'creating the keywords demo project',
    commands: ['espeak-ng'],
    versionArgs: ['--version'],
    debianPackages: ['espeak-ng'],
    macInstall: 'brew install espeak-ng',
    windowsInstall: 'winget install eSpeak-NG.eSpeak-NG',
  },
  {
    id: 'sox',
    name: 'SoX (audio tool)',
    neededFor: 'background noise for the keywords demo project',
    commands: ['sox'],
    versionArgs: ['--version'],
    debianPackages: ['sox'],
    macInstall: 'brew install sox',
    windowsInstall: 'winget install ChrisBagwell.SoX',
  },
]
