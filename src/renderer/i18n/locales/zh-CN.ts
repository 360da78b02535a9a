import type { LocaleMessages } from './en'
import { devices } from './zh-CN/devices'
import { capture } from './zh-CN/capture'
import { dataset } from './zh-CN/dataset'
import { design } from './zh-CN/design'
import { train } from './zh-CN/train'
import { compress } from './zh-CN/compress'
import { deploy } from './zh-CN/deploy'
import { estimate } from './zh-CN/estimate'
import { tune } from './zh-CN/tune'
import { errorCodes } from './zh-CN/errors'

/** 简体中文. Keys must match en.ts exactly (checked by the type and by a test). */
export const zhCN: LocaleMessages = {
  app: {
    name: 'Mote Studio',
    tagline: '在你自己的电脑上,为你自己的开发板做微型机器学习。',
  },
  nav: {
    pipeline: '流程',
    project: '项目',
    devices: '设备',
    capture: '采集',
    dataset: '数据集',
    design: '设计',
    train: '训练',
    compress: '压缩',
    deploy: '部署',
    stepHint: 'Ctrl+{n}',
  },
  topbar: {
    manageDevices: '管理设备',
    board: '开发板',
    noBoard: '未连接开发板',
    pickBoard: '选择开发板',
    boardsAppearHere: '插入的开发板会显示在这里,虚拟开发板在最后。',
    openProject: '打开项目',
  },
  status: {
    noJob: '没有正在运行的任务',
    connected: '已连接',
    disconnected: '连接已断开,正在重连…',
    modeElectron: '桌面版',
    modeServe: '由本机提供服务',
    noProject: '未打开项目',
    jobProgress: '{title}:{phrase}',
    localRecording: '{sensor}:{phase}',
  },
  theme: {
    label: '主题',
    light: '浅色',
    dark: '深色',
    system: '跟随系统',
  },
  language: {
    label: '语言',
  },
  console: {
    title: '控制台',
    empty: '任务日志、编译输出和串口数据会显示在这里。',
    clear: '清空',
    show: '显示控制台',
    hide: '隐藏控制台',
    jobLog: '任务日志',
  },
  jobs: {
    cancel: '取消',
    cancelHint: '按 Esc 取消正在运行的任务',
    state: {
      running: '运行中',
      succeeded: '完成',
      failed: '失败',
      cancelled: '已取消',
    },
  },
  project: {
    title: '项目',
    intro: '项目是一个文件夹,里面保存你的数据、模型和构建结果。所有内容都留在这台电脑上。',
    createTitle: '新建项目',
    nameLabel: '项目名称',
    namePlaceholder: '手势戒指',
    folderLabel: '文件夹',
    folderPlaceholder: '/home/you/mote/gesture-ring',
    browse: '浏览…',
    create: '创建项目',
    openTitle: '打开项目',
    openPlaceholder: '包含 mote.json 的文件夹',
    open: '打开',
    recentTitle: '最近的项目',
    recentEmpty: '打开过的项目会显示在这里。',
    missing: '找不到文件夹',
    current: '当前项目',
    close: '关闭项目',
    rename: '重命名',
    renameSave: '保存名称',
    created: '创建于 {date}',
    folderTypedHint: '请输入运行 Mote Studio 的这台电脑上的文件夹路径。',
    migrated: '此项目已从格式 {from} 升级;原来的清单文件已保留为备份。',
  },
  forms: {
    numberNeeded: '请为{field}输入一个数字。',
  },
  paths: {
    relative:
      '请输入完整路径,例如 /home/you/Mote/gestures 或 C:\\Users\\you\\Mote\\gestures:相对路径取决于启动 Mote Studio 时所在的文件夹。',
  },
  empty: {
    noProject: '请先打开或新建一个项目——你采集和训练的一切都保存在项目里。',
    goToProject: '打开项目列表',
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
    record: '录制',
    train: '训练',
    compress: '压缩',
    deploy: '构建 · 烧录 · 测试',
    shortcut: 'Ctrl+Enter',
  },
  errors: {
    title: '出错了',
    dismiss: '关闭',
    detail: '技术细节',
    codes: errorCodes,
  },
}
