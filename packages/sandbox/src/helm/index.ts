export { helm, helmBinary, helmTemplate } from './helmBinary';
export type { HelmResult } from './helmBinary';
