import type { LocaleMessages } from '../en'

/** 简体中文: views.compress. */
export const compress: LocaleMessages['views']['compress'] = {
  title: '压缩',
  subtitle: '让模型装进开发板:int8、剪枝、蒸馏、聚类——并排比较。',
  emptyTitle: '还没有训练好的模型',
  emptyBody: '先训练模型;每次压缩都会生成一个可比较、可选择的变体。',
  emptyAction: '前往训练',
}
