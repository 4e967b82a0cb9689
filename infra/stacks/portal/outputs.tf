# What deploy/chart's values and the portal's Secrets Manager secret take.
output "postgres_host" {
  description = "POSTGRES_HOST of the chart's env."
  value       = module.database.writer_endpoint
}

output "postgres_port" {
  value = module.database.port
}

output "postgres_master_user_secret_arn" {
  description = "POSTGRES_USER/POSTGRES_PASSWORD come from this RDS-managed secret."
  value       = module.database.master_user_secret_arn
}

output "redis_endpoint" {
  description = "REDIS_URL = rediss://:<auth token>@<this>:<redis_port>"
  value       = module.cache.endpoint
}

output "redis_port" {
  value = module.cache.port
}

output "redis_auth_token_secret_arn" {
  value = module.cache.auth_token_secret_arn
}

output "role_arn" {
  description = "serviceAccount.roleArn of the chart."
  value       = aws_iam_role.portal.arn
}

output "security_group_id" {
  description = "The pods' security group (SecurityGroupPolicy)."
  value       = aws_security_group.portal.id
}

output "summary" {
  value = {
    database = module.database.configuration
    cache    = module.cache.configuration
  }
}
