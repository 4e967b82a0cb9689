export { ActivityAdminPage } from './ActivityAdminPage';
