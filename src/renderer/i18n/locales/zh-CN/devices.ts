import type { LocaleMessages } from '../en'

/** 简体中文: views.devices. */
export const devices: LocaleMessages['views']['devices'] = {
  title: '设备',
  subtitle: '连接到这台电脑的开发板,以及无需硬件即可试用的虚拟开发板。',
  emptyTitle: '没有发现开发板',
  emptyBody: '用 USB 线连接开发板,或启动一块虚拟开发板,无需硬件即可试用全部功能。',
  emptyAction: '检查工具',
  toolsTitle: '本机工具',
  toolFound: '已找到',
  toolMissing: '缺失',
  toolNeededFor: '用于{what}',
  checking: '正在检查工具…',
}
