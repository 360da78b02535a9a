import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { readFile, mkdir } from 'node:fs/promises'
import {
  BrowserWindow,
  Menu,
  app,
  dialog,
  screen,
  session,
  shell,
  type MenuItemConstructorOptions,
} from 'electron'
import { createAppServices, type AppServices } from './app-services'
import { registerIpc } from './ipc/register-ipc'
import { bundledWorkerFactory } from './services/jobs/worker-factory'
import { defaultUserDirs } from './services/system/user-dirs'
import { atomicWriteJson } from './services/system/atomic-write'
import { nodeFileSystem } from './services/system/file-system'
import { restoreBounds, MIN_SIZE, type SavedWindowState } from './window/window-bounds'
import { isAppUrl, isPermissionGranted, mayOpenExternally } from './window/navigation-policy'

/**
 * The Electron main process, kept thin: one window, the menu, the single-instance lock, window state, the
 * security settings of the Electron checklist, and the services from the composition root on IPC.
 */

const devServerUrl = process.env.ELECTRON_RENDERER_URL
const indexFile = join(__dirname, '../renderer/index.html')
const indexFileUrl = pathToFileURL(indexFile).href
const isOurs = (url: string) => isAppUrl(url, devServerUrl, indexFileUrl)
const windowStateFile = () => join(app.getPath('userData'), 'window-state.json')

let mainWindow: BrowserWindow | undefined
let services: AppServices | undefined

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore()
      mainWindow.focus()
    }
  })
  app.enableSandbox()
  void app.whenReady().then(start)
  app.on('window-all-closed', () => app.quit())
  app.on('before-quit', () => void services?.dispose())
}

async function start(): Promise<void> {
  const userData = app.getPath('userData')
  services = createAppServices({
    mode: 'electron',
    appVersion: app.getVersion(),
    userDirs: { configDir: userData, cacheDir: defaultUserDirs().cacheDir },
    createWorker: bundledWorkerFactory(join(__dirname, 'job-worker.js')),
    resourcesDir: app.isPackaged
      ? join(process.resourcesPath, 'resources')
      : join(__dirname, '../../resources'),
    openExternal: async (url) => {
      if (mayOpenExternally(url)) await shell.openExternal(url)
    },
    pickFolder: async (purpose) => {
      const result = await dialog.showOpenDialog(mainWindow!, {
        title: purpose === 'create-project' ? 'Choose a folder for the new project' : 'Open a Mote project',
        properties: ['openDirectory', 'createDirectory'],
      })
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    pickFiles: async (purpose) => {
      const result = await dialog.showOpenDialog(mainWindow!, {
        title: purpose === 'firmware' ? 'Choose a firmware image' : 'Choose files to import',
        properties: purpose === 'firmware' ? ['openFile'] : ['openFile', 'multiSelections'],
        filters:
          purpose === 'firmware'
            ? [{ name: 'Firmware', extensions: ['hex', 'elf', 'bin', 'uf2'] }]
            : [{ name: 'Data', extensions: ['csv', 'wav', 'json', 'png', 'jpg', 'jpeg'] }],
      })
      return result.canceled ? null : result.filePaths
    },
    runtimeVersions: { electron: process.versions.electron, chrome: process.versions.chrome },
  })
  registerIpc(services.router, isOurs)
  void services.startBackground()
  // Requests and checks get the same answer (navigation-policy.ts), judged by the asking frame, not the window.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(
      isPermissionGranted(
        { permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame },
        isOurs,
      ),
    ),
  )
  session.defaultSession.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    isPermissionGranted(
      { permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame },
      isOurs,
    ),
  )
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate()))
  await createWindow()
}

async function createWindow(): Promise<void> {
  const saved = await readWindowState()
  const bounds = restoreBounds(
    saved,
    screen.getAllDisplays().map((d) => d.workArea),
  )
  const win = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Mote Studio',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    },
  })
  mainWindow = win
  if (saved?.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())
  win.webContents.on('will-navigate', (event, url) => {
    if (!isOurs(url)) event.preventDefault()
  })
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (mayOpenExternally(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.on('close', () => void saveWindowState(win))
  if (devServerUrl) await win.loadURL(devServerUrl)
  else await win.loadFile(indexFile)
}

async function readWindowState(): Promise<SavedWindowState | undefined> {
  try {
    return JSON.parse(await readFile(windowStateFile(), 'utf8')) as SavedWindowState
  } catch {
    return undefined
  }
}

async function saveWindowState(win: BrowserWindow): Promise<void> {
  const state: SavedWindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() }
  await mkdir(app.getPath('userData'), { recursive: true })
  await atomicWriteJson(nodeFileSystem, windowStateFile(), state)
}

async function openProjectFromMenu(): Promise<void> {
  const dir = await services?.app.pickFolder('open-project')
  if (!dir || !services) return
  try {
    await services.project.open(dir)
  } catch (error) {
    dialog.showErrorBox('Could not open the project', error instanceof Error ? error.message : String(error))
  }
}

function menuTemplate(): MenuItemConstructorOptions[] {
  const isMac = process.platform === 'darwin'
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => void openProjectFromMenu() },
        { label: 'Close Project', click: () => void services?.project.close() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about' }] },
  ]
}
