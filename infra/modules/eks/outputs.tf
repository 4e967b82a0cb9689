output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = aws_eks_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the EKS cluster."
  value       = aws_eks_cluster.this.arn
}

output "cluster_endpoint" {
  description = "API server endpoint."
  value       = aws_eks_cluster.this.endpoint
}

output "cluster_certificate_authority_data" {
  description = "Base64 CA certificate of the API server."
  value       = aws_eks_cluster.this.certificate_authority[0].data
}

output "kubernetes_version" {
  description = "Kubernetes version of the control plane."
  value       = aws_eks_cluster.this.version
}

output "cluster_security_group_id" {
  description = "Security group EKS created for the control plane and the managed nodes."
  value       = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
}

output "oidc_provider_arn" {
  description = "ARN of the IAM OIDC provider (trust principal of IRSA roles)."
  value       = aws_iam_openid_connect_provider.this.arn
}

output "oidc_issuer_url" {
  description = "OIDC issuer URL of the cluster (https://...)."
  value       = aws_eks_cluster.this.identity[0].oidc[0].issuer
}

output "node_role_arn" {
  description = "IAM role of the managed nodes."
  value       = aws_iam_role.node.arn
}

output "cluster_autoscaler_role_arn" {
  description = "IRSA role of kube-system/cluster-autoscaler."
  value       = aws_iam_role.irsa["cluster_autoscaler"].arn
}

output "aws_load_balancer_controller_role_arn" {
  description = "IRSA role of kube-system/aws-load-balancer-controller."
  value       = aws_iam_role.irsa["aws_load_balancer_controller"].arn
}

output "ebs_csi_driver_role_arn" {
  description = "IRSA role of kube-system/ebs-csi-controller-sa."
  value       = aws_iam_role.irsa["ebs_csi_driver"].arn
}

output "configuration" {
  description = "The security-relevant settings as planned."
  value = {
    endpoint_private_access = aws_eks_cluster.this.vpc_config[0].endpoint_private_access
    endpoint_public_access  = aws_eks_cluster.this.vpc_config[0].endpoint_public_access
    secrets_encryption_key  = aws_eks_cluster.this.encryption_config[0].provider[0].key_arn
    encrypted_resources     = aws_eks_cluster.this.encryption_config[0].resources
    log_types               = aws_eks_cluster.this.enabled_cluster_log_types
    log_group_kms_key       = aws_cloudwatch_log_group.cluster.kms_key_id
    node_volumes_encrypted  = alltrue([for lt in aws_launch_template.node : lt.block_device_mappings[0].ebs[0].encrypted == "true"])
    imdsv2_required         = alltrue([for lt in aws_launch_template.node : lt.metadata_options[0].http_tokens == "required"])
  }
}
