/** Knowledge distillation into a smaller student (preset or width), then the usual int8 export. */
export * from './student'
export * from './distill'
