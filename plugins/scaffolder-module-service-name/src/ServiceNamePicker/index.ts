export { ServiceNamePicker, serviceNameValidation } from './ServiceNamePicker';
