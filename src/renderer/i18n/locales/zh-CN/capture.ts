import type { LocaleMessages } from '../en'

/** 简体中文: views.capture. */
export const capture: LocaleMessages['views']['capture'] = {
  title: '采集',
  subtitle: '从开发板或本机录制带标签的传感器数据。',
  emptyTitle: '没有可录制的开发板',
  emptyBody: '先在“设备”步骤连接开发板,然后在这里选择传感器、标签和时长。',
  emptyAction: '前往设备',
}
