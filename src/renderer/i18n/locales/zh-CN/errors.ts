import type { LocaleMessages } from '../en'

/** 简体中文: errors.codes. */
export const errorCodes: LocaleMessages['errors']['codes'] = {
  1000: '发生了意外错误',
  5101: '端口正被占用',
  5201: '串口监视器无法打开端口',
  7012: '该文件不是这块开发板的固件',
  9001: '无法打开端口',
  10001: '有文件无法导入',
  13006: '部分样本与设计不符',
}
