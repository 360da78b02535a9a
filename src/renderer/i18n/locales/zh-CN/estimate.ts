import type { LocaleMessages } from '../en'

/** 简体中文: views.estimate（每块开发板的估算面板）。 */
export const estimate: LocaleMessages['views']['estimate'] = {
  title: '在各开发板上',
  source: {
    design: '设计（按 int8 估算，训练前）',
    variant: '变体“{name}”',
  },
  rate: '每秒推理次数',
  battery: '电池',
  batteries: { cr2032: 'CR2032（225 mAh）', aa2: '2×AA（2500 mAh）', lipo500: '锂聚合物 500 mAh' },
  sort: { label: '排序', catalog: '目录顺序', fits: '放得下的优先', latency: '最快的优先' },
  fitsOnly: '只看放得下的开发板',
  columns: {
    board: '开发板',
    fits: '放得下',
    flash: '闪存',
    ram: '内存（RAM）',
    latency: '延迟',
    energy: '每次推理能耗',
    life: '电池续航',
  },
  fits: '放得下',
  doesNotFit: '放不下',
  virtual: '虚拟',
  connected: '已连接',
  estimated: '（估算）',
  calibrated: '（已在 {device} 上校准）',
  derived: '由 Cortex-M4 模型推算',
  noCurrent: '无数据手册电流',
  cannotKeepUp: '跟不上',
  needsBoost: '需要升压转换器',
  of: '{used} / {limit}',
  none: '没有开发板放得下这条流水线。请缩小模型或压缩它。',
  unavailable: '无法估算：{problem}',
  footnote:
    '延迟来自按内核系列的成本模型（在虚拟 Uno 和 Cortex-M4 上拟合）；能耗只按微控制器数据手册中的电流计算——传感器、稳压器和指示灯另有耗电。',
}
