output "cluster_identifier" {
  description = "Identifier of the Aurora cluster."
  value       = aws_rds_cluster.this.cluster_identifier
}

output "cluster_arn" {
  description = "ARN of the Aurora cluster."
  value       = aws_rds_cluster.this.arn
}

output "cluster_resource_id" {
  description = "Resource ID of the cluster (for rds-db:connect IAM policies)."
  value       = aws_rds_cluster.this.cluster_resource_id
}

output "endpoint" {
  description = "Where the service writes: the proxy endpoint when there is a proxy, else the cluster's writer endpoint."
  value       = var.enable_proxy ? aws_db_proxy.this[0].endpoint : aws_rds_cluster.this.endpoint
}

output "writer_endpoint" {
  description = "The cluster's writer endpoint."
  value       = aws_rds_cluster.this.endpoint
}

output "reader_endpoint" {
  description = "The cluster's load-balanced reader endpoint."
  value       = aws_rds_cluster.this.reader_endpoint
}

output "proxy_endpoint" {
  description = "Endpoint of the RDS Proxy (null without one)."
  value       = var.enable_proxy ? aws_db_proxy.this[0].endpoint : null
}

output "port" {
  description = "Database port."
  value       = aws_rds_cluster.this.port
}

output "database_name" {
  description = "Name of the database."
  value       = aws_rds_cluster.this.database_name
}

output "master_username" {
  description = "Master user name (the password is only in Secrets Manager)."
  value       = aws_rds_cluster.this.master_username
}

output "master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret RDS manages for the master user (never the password itself)."
  value       = aws_rds_cluster.this.master_user_secret[0].secret_arn
}

output "security_group_id" {
  description = "Security group of the cluster."
  value       = aws_security_group.cluster.id
}

output "client_security_group_id" {
  description = "The security group clients connect to: the proxy's when there is one, else the cluster's."
  value       = var.enable_proxy ? aws_security_group.proxy[0].id : aws_security_group.cluster.id
}

output "configuration" {
  description = "The security- and availability-relevant settings as planned."
  value = {
    capacity_mode               = var.capacity_mode
    storage_encrypted           = aws_rds_cluster.this.storage_encrypted
    kms_key_id                  = aws_rds_cluster.this.kms_key_id
    manage_master_user_password = aws_rds_cluster.this.manage_master_user_password
    master_password_in_config   = nonsensitive(aws_rds_cluster.this.master_password != null || aws_rds_cluster.this.master_password_wo != null)
    deletion_protection         = aws_rds_cluster.this.deletion_protection
    backup_retention_period     = aws_rds_cluster.this.backup_retention_period
    skip_final_snapshot         = aws_rds_cluster.this.skip_final_snapshot
    instance_count              = length(aws_rds_cluster_instance.this)
    instance_classes            = distinct(aws_rds_cluster_instance.this[*].instance_class)
    instance_azs                = tolist(local.instance_azs)
    multi_az                    = length(aws_rds_cluster_instance.this) > 1 && length(distinct(compact(local.instance_azs))) > 1
    publicly_accessible         = anytrue(aws_rds_cluster_instance.this[*].publicly_accessible)
    proxy                       = var.enable_proxy
    proxy_require_tls           = var.enable_proxy ? aws_db_proxy.this[0].require_tls : null
  }
}

output "ingress_rules" {
  description = "Every ingress rule of the cluster's and the proxy's security groups."
  value = [for r in concat(aws_vpc_security_group_ingress_rule.cluster_from_service, aws_vpc_security_group_ingress_rule.proxy_from_service, aws_vpc_security_group_ingress_rule.cluster_from_proxy) : {
    from_port                    = r.from_port
    to_port                      = r.to_port
    cidr_ipv4                    = r.cidr_ipv4
    cidr_ipv6                    = r.cidr_ipv6
    referenced_security_group_id = r.referenced_security_group_id
  }]
}
