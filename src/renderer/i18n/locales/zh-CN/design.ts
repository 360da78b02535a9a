import type { LocaleMessages } from '../en'

/** 简体中文: views.design. */
export const design: LocaleMessages['views']['design'] = {
  title: '设计',
  subtitle: '输入窗口、特征块和模型,并实时估算每块开发板上的表现。',
  emptyTitle: '还没有可设计的内容',
  emptyBody: '设计从数据开始:先添加样本,窗口和特征才能与之匹配。',
  emptyAction: '前往数据集',
}
