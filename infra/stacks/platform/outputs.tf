# The outputs a service-tiers workspace needs carry the names of its input
# variables: the portal copies each of them into a workspace variable of the
# same name (see infra/README.md).

output "environment" {
  description = "Environment of this platform."
  value       = var.environment
}

output "region" {
  description = "AWS region of this platform."
  value       = var.region
}

output "vpc_id" {
  description = "VPC of the environment."
  value       = module.vpc.vpc_id
}

output "vpc_cidr_block" {
  description = "CIDR of the VPC."
  value       = module.vpc.vpc_cidr_block
}

output "availability_zones" {
  description = "The three availability zones, in subnet order."
  value       = module.vpc.availability_zones
}

output "public_subnet_ids" {
  description = "Public subnets (ALB)."
  value       = module.vpc.public_subnet_ids
}

output "private_subnet_ids" {
  description = "Private subnets (EKS nodes and pods)."
  value       = module.vpc.private_subnet_ids
}

output "database_subnet_ids" {
  description = "Database subnets (Aurora, ElastiCache)."
  value       = module.vpc.database_subnet_ids
}

output "nat_public_ips" {
  description = "Egress IPs of the environment."
  value       = module.vpc.nat_public_ips
}

output "eks_cluster_name" {
  description = "Name of the EKS cluster."
  value       = module.eks.cluster_name
}

output "eks_cluster_endpoint" {
  description = "API server endpoint (register it as an Argo CD cluster and in the Backstage Kubernetes plugin)."
  value       = module.eks.cluster_endpoint
}

output "eks_cluster_certificate_authority_data" {
  description = "Base64 CA certificate of the API server."
  value       = module.eks.cluster_certificate_authority_data
}

output "eks_cluster_security_group_id" {
  description = "Security group of the control plane and managed nodes."
  value       = module.eks.cluster_security_group_id
}

output "eks_oidc_provider_arn" {
  description = "IAM OIDC provider of the cluster (IRSA trust principal)."
  value       = module.eks.oidc_provider_arn
}

output "eks_oidc_issuer_url" {
  description = "OIDC issuer URL of the cluster."
  value       = module.eks.oidc_issuer_url
}

output "addon_role_arns" {
  description = "IRSA roles of the cluster add-ons, for the Argo CD cluster secret's annotations (see infra/gitops)."
  value = {
    cluster_autoscaler           = module.eks.cluster_autoscaler_role_arn
    aws_load_balancer_controller = module.eks.aws_load_balancer_controller_role_arn
    ebs_csi_driver               = module.eks.ebs_csi_driver_role_arn
  }
}

output "alb_arn" {
  description = "ARN of the shared ALB."
  value       = module.alb.arn
}

output "alb_dns_name" {
  description = "DNS name of the shared ALB."
  value       = module.alb.dns_name
}

output "alb_zone_id" {
  description = "Hosted zone of the shared ALB (alias records)."
  value       = module.alb.zone_id
}

output "alb_https_listener_arn" {
  description = "HTTPS listener of the shared ALB."
  value       = module.alb.https_listener_arn
}

output "alb_security_group_id" {
  description = "Security group of the shared ALB."
  value       = module.alb.security_group_id
}

output "data_kms_key_arn" {
  description = "KMS key for the services' data (Aurora, ElastiCache, SQS, secrets)."
  value       = aws_kms_key.this["data"].arn
}

output "logs_kms_key_arn" {
  description = "KMS key for CloudWatch Logs."
  value       = aws_kms_key.this["logs"].arn
}

output "eks_kms_key_arn" {
  description = "KMS key of the Kubernetes secrets."
  value       = aws_kms_key.this["eks"].arn
}

output "security_summary" {
  description = "Security-relevant settings of the platform as planned."
  value = {
    vpc               = module.vpc.configuration
    eks               = module.eks.configuration
    alb               = module.alb.configuration
    alb_ingress_rules = module.alb.ingress_rules
    kms_rotation      = { for k, key in aws_kms_key.this : k => key.enable_key_rotation }
  }
}
