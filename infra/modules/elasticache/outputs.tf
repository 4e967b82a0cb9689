output "replication_group_id" {
  description = "ID of the replication group."
  value       = aws_elasticache_replication_group.this.id
}

output "endpoint" {
  description = "Where clients connect: the configuration endpoint in cluster mode, the primary endpoint otherwise."
  value       = var.cluster_mode_enabled ? aws_elasticache_replication_group.this.configuration_endpoint_address : aws_elasticache_replication_group.this.primary_endpoint_address
}

output "reader_endpoint" {
  description = "Reader endpoint (non-cluster mode; null in cluster mode)."
  value       = var.cluster_mode_enabled ? null : aws_elasticache_replication_group.this.reader_endpoint_address
}

output "port" {
  description = "TCP port (TLS is required)."
  value       = aws_elasticache_replication_group.this.port
}

output "auth_token_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the AUTH token (the token itself is never an output)."
  value       = aws_secretsmanager_secret.auth_token.arn
}

output "security_group_id" {
  description = "Security group of the cache."
  value       = aws_security_group.this.id
}

output "configuration" {
  description = "The security- and availability-relevant settings as planned."
  value = {
    at_rest_encryption  = aws_elasticache_replication_group.this.at_rest_encryption_enabled
    transit_encryption  = aws_elasticache_replication_group.this.transit_encryption_enabled
    kms_key_id          = aws_elasticache_replication_group.this.kms_key_id
    multi_az            = aws_elasticache_replication_group.this.multi_az_enabled
    automatic_failover  = aws_elasticache_replication_group.this.automatic_failover_enabled
    cluster_mode        = var.cluster_mode_enabled
    node_count          = local.node_count
    replicas            = local.replicas
    snapshot_retention  = aws_elasticache_replication_group.this.snapshot_retention_limit
    auth_secret_kms_key = aws_secretsmanager_secret.auth_token.kms_key_id
  }
}

output "ingress_rules" {
  description = "Every ingress rule of the cache's security group."
  value = [for r in aws_vpc_security_group_ingress_rule.from_service : {
    from_port                    = r.from_port
    to_port                      = r.to_port
    cidr_ipv4                    = r.cidr_ipv4
    cidr_ipv6                    = r.cidr_ipv6
    referenced_security_group_id = r.referenced_security_group_id
  }]
}
