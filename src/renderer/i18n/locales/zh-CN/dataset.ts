import type { LocaleMessages } from '../en'

/** 简体中文: views.dataset. */
export const dataset: LocaleMessages['views']['dataset'] = {
  title: '数据集',
  subtitle: '按标签和划分查看样本,每个样本都有波形图。',
  emptyTitle: '还没有数据',
  emptyBody: '在“采集”步骤录制样本,或导入 CSV、WAV 或图片文件。',
  emptyAction: '前往采集',
}
