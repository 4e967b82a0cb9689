export {
  DeploymentStatusCard,
  EntityDeploymentStatusCard,
} from './DeploymentStatusCard';
