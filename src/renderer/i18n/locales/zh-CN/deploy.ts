import type { LocaleMessages } from '../en'

/** 简体中文: views.deploy. */
export const deploy: LocaleMessages['views']['deploy'] = {
  title: '部署',
  subtitle: '一键构建、烧录并在开发板上测试,实时查看分类结果。',
  emptyTitle: '还没有可部署的内容',
  emptyBody: '在“压缩”步骤选择一个模型变体,并在顶栏选择开发板。',
  emptyAction: '前往压缩',
}
