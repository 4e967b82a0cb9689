# What the service needs to run. Secret values never appear here, only the
# ARNs of the secrets the service's IAM role may read.

output "name" {
  description = "Name shared by the service's tier resources (<service>-<environment>)."
  value       = local.name
}

output "service_role_arn" {
  description = "IRSA role: annotate the service account with eks.amazonaws.com/role-arn."
  value       = module.service_iam.role_arn
}

output "service_account" {
  description = "Namespace and name of the Kubernetes service account that may assume the role."
  value       = module.service_iam.service_account
}

output "service_security_group_id" {
  description = "Security group for the service's pods (SecurityGroupPolicy); the database and cache admit only it."
  value       = aws_security_group.service.id
}

output "database_endpoint" {
  description = "Writer endpoint (the RDS Proxy's when enabled); null without a database."
  value       = local.database_enabled ? module.database[0].endpoint : null
}

output "database_reader_endpoint" {
  description = "Reader endpoint; null without a database."
  value       = local.database_enabled ? module.database[0].reader_endpoint : null
}

output "database_port" {
  description = "Database port; null without a database."
  value       = local.database_enabled ? module.database[0].port : null
}

output "database_name" {
  description = "Database name; null without a database."
  value       = local.database_enabled ? module.database[0].database_name : null
}

output "database_secret_arn" {
  description = "Secrets Manager secret with the database credentials (managed by RDS); null without a database."
  value       = local.database_enabled ? module.database[0].master_user_secret_arn : null
}

output "database_iam_user" {
  description = "Database user the service may log in as with IAM authentication; null without a database."
  value       = local.database_enabled ? local.db_user : null
}

output "cache_endpoint" {
  description = "Redis endpoint (TLS required); null without a cache."
  value       = local.cache_enabled ? module.cache[0].endpoint : null
}

output "cache_port" {
  description = "Redis port; null without a cache."
  value       = local.cache_enabled ? module.cache[0].port : null
}

output "cache_auth_secret_arn" {
  description = "Secrets Manager secret with the Redis AUTH token; null without a cache."
  value       = local.cache_enabled ? module.cache[0].auth_token_secret_arn : null
}

output "queue_url" {
  description = "URL of the service's queue; null without a queue."
  value       = local.queue_enabled ? module.queue[0].queue_url : null
}

output "queue_arn" {
  description = "ARN of the service's queue; null without a queue."
  value       = local.queue_enabled ? module.queue[0].queue_arn : null
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue; null without a queue."
  value       = local.queue_enabled ? module.queue[0].dlq_url : null
}

output "public_url" {
  description = "Public URL of the service; null unless tiers.public_http."
  value       = local.public_http ? "https://${local.hostname}" : null
}

output "target_group_arn" {
  description = "Target group to bind the service's pods to (TargetGroupBinding of the AWS Load Balancer Controller); null unless tiers.public_http."
  value       = local.public_http ? aws_lb_target_group.service[0].arn : null
}

output "secret_arns" {
  description = "Every secret the service may read."
  value       = local.secret_arns
}

output "environment_variables" {
  description = "Non-secret settings for the service's deployment (null entries are left out)."
  value = { for k, v in {
    AWS_REGION            = var.region
    DATABASE_HOST         = local.database_enabled ? module.database[0].endpoint : null
    DATABASE_READER_HOST  = local.database_enabled ? module.database[0].reader_endpoint : null
    DATABASE_PORT         = local.database_enabled ? tostring(module.database[0].port) : null
    DATABASE_NAME         = local.database_enabled ? module.database[0].database_name : null
    DATABASE_SECRET_ARN   = local.database_enabled ? module.database[0].master_user_secret_arn : null
    REDIS_HOST            = local.cache_enabled ? module.cache[0].endpoint : null
    REDIS_PORT            = local.cache_enabled ? tostring(module.cache[0].port) : null
    REDIS_AUTH_SECRET_ARN = local.cache_enabled ? module.cache[0].auth_token_secret_arn : null
    QUEUE_URL             = local.queue_enabled ? module.queue[0].queue_url : null
    DEAD_LETTER_QUEUE_URL = local.queue_enabled ? module.queue[0].dlq_url : null
  } : k => v if v != null }
}

output "summary" {
  description = "What was provisioned and how it is protected (the portal shows it; the tests assert on it)."
  value = {
    tiers     = var.tiers
    presets   = local.preset
    database  = local.database_enabled ? module.database[0].configuration : null
    cache     = local.cache_enabled ? module.cache[0].configuration : null
    queue     = local.queue_enabled ? { encryption = module.queue[0].encryption, kms_key_arn = module.queue[0].kms_key_arn, fifo = var.options.queue_fifo } : null
    iam       = { granted_actions = module.service_iam.granted_actions, statement_ids = module.service_iam.statement_ids }
    listener  = local.public_http ? { hostname = local.hostname, priority = local.listener_rule_priority } : null
    resources = { database = length(module.database), cache = length(module.cache), queue = length(module.queue), target_group = length(aws_lb_target_group.service) }
    ingress_rules = concat(
      local.database_enabled ? module.database[0].ingress_rules : [],
      local.cache_enabled ? module.cache[0].ingress_rules : [],
      [for r in aws_vpc_security_group_ingress_rule.service_from_alb : {
        from_port                    = r.from_port
        to_port                      = r.to_port
        cidr_ipv4                    = r.cidr_ipv4
        cidr_ipv6                    = r.cidr_ipv6
        referenced_security_group_id = r.referenced_security_group_id
      }],
    )
  }
}
