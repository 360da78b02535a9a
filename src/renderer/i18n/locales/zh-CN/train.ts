import type { LocaleMessages } from '../en'

/** 简体中文: views.train. */
export const train: LocaleMessages['views']['train'] = {
  title: '训练',
  subtitle: '在这台电脑上训练模型,并查看效果。',
  emptyTitle: '没有可训练的模型',
  emptyBody: '先设计特征和模型,然后一键开始训练。',
  emptyAction: '前往设计',
}
