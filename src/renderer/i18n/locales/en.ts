import { devices } from './en/devices'
import { capture } from './en/capture'
import { dataset } from './en/dataset'
import { design } from './en/design'
import { train } from './en/train'
import { compress } from './en/compress'
import { deploy } from './en/deploy'
import { estimate } from './en/estimate'
import { tune } from './en/tune'
import { errorCodes } from './en/errors'

/**
 * English strings. Every string the UI shows lives here and in zh-CN.ts; the type of this object is the
 * contract the other locales must satisfy (and test/renderer/i18n-completeness.test.ts checks both ways).
 */
export const en = {
  app: {
    name: 'Mote Studio',
    tagline: 'Tiny machine learning on your own boards, on your own computer.',
  },
  nav: {
    pipeline: 'Pipeline',
    project: 'Project',
    devices: 'Devices',
    capture: 'Capture',
    dataset: 'Dataset',
    design: 'Design',
    train: 'Train',
    compress: 'Compress',
    deploy: 'Deploy',
    stepHint: 'Ctrl+{n}',
  },
  topbar: {
    manageDevices: 'Manage devices',
    board: 'Board',
    noBoard: 'No board connected',
    pickBoard: 'Choose a board',
    boardsAppearHere: 'Boards you plug in appear here, virtual boards at the end.',
    openProject: 'Open project',
  },
  status: {
    noJob: 'No job running',
    connected: 'Connected',
    disconnected: 'Disconnected — reconnecting…',
    modeElectron: 'Desktop',
    modeServe: 'Served on this computer',
    noProject: 'No project open',
    jobProgress: '{title}: {phrase}',
    localRecording: '{sensor}: {phase}',
  },
  theme: {
    label: 'Theme',
    light: 'Light',
    dark: 'Dark',
    system: 'System',
  },
  language: {
    label: 'Language',
  },
  console: {
    title: 'Console',
    empty: 'Job logs, compiler output and serial traffic appear here.',
    clear: 'Clear',
    show: 'Show console',
    hide: 'Hide console',
    jobLog: 'Job log',
  },
  jobs: {
    cancel: 'Cancel',
    cancelHint: 'Esc cancels the running job',
    state: {
      running: 'Running',
      succeeded: 'Done',
      failed: 'Failed',
      cancelled: 'Cancelled',
    },
  },
  project: {
    title: 'Projects',
    intro: 'A project is a folder with your data, models and builds. Everything stays on this computer.',
    createTitle: 'New project',
    nameLabel: 'Project name',
    namePlaceholder: 'Gesture ring',
    folderLabel: 'Folder',
    folderPlaceholder: '/home/you/mote/gesture-ring',
    browse: 'Browse…',
    create: 'Create project',
    openTitle: 'Open a project',
    openPlaceholder: 'Folder that holds mote.json',
    open: 'Open',
    recentTitle: 'Recent projects',
    recentEmpty: 'Projects you open appear here.',
    missing: 'Folder not found',
    current: 'Current project',
    close: 'Close project',
    rename: 'Rename',
    renameSave: 'Save name',
    created: 'Created {date}',
    folderTypedHint: 'Type the folder path on the computer running Mote Studio.',
    migrated: 'This project was upgraded from format {from}; the original manifest is kept as a backup.',
  },
  forms: {
    numberNeeded: 'Type a number for {field}.',
  },
  paths: {
    relative:
      'Type the whole path, such as /home/you/Mote/gestures or C:\\Users\\you\\Mote\\gestures: a relative path would depend on the folder Mote Studio was started in.',
  },
  empty: {
    noProject: 'Open or create a project first — everything you capture and train is kept in it.',
    goToProject: 'Open projects',
  },
  views: {
    devices,
    capture,
    dataset,
    design,
    train,
    compress,
    deploy,
    estimate,
    tune,
  },
  actions: {
    record: 'Record',
    train: 'Train',
    compress: 'Compress',
    deploy: 'Build · Flash · Test',
    shortcut: 'Ctrl+Enter',
  },
  errors: {
    title: 'Something went wrong',
    dismiss: 'Dismiss',
    detail: 'Technical detail',
    codes: errorCodes,
  },
} as const

type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }
/** The shape every locale fills in: the same keys as English, any strings. */
export type LocaleMessages = Strings<typeof en>
