data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  kms_keys = {
    eks  = "Envelope encryption of the Kubernetes secrets of ${local.prefix}"
    logs = "CloudWatch Logs of ${local.prefix} (flow logs, control plane, service logs)"
    data = "Data of the services of ${local.prefix}: Aurora, ElastiCache, SQS, Secrets Manager"
  }

  # Administration stays with the account (and through it with IAM policies).
  account_root_statement = {
    Sid       = "AccountAdministers"
    Effect    = "Allow"
    Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
    Action    = "kms:*"
    Resource  = "*"
  }

  # CloudWatch Logs may use the logs key, for log groups of this account only.
  logs_service_statement = {
    Sid       = "CloudWatchLogsOfThisAccount"
    Effect    = "Allow"
    Principal = { Service = "logs.${data.aws_region.current.name}.amazonaws.com" }
    Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    Resource  = "*"
    Condition = {
      ArnLike = {
        "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${data.aws_region.current.name}:${local.account_id}:log-group:*"
      }
    }
  }

  kms_policies = {
    eks  = jsonencode({ Version = "2012-10-17", Statement = [local.account_root_statement] })
    logs = jsonencode({ Version = "2012-10-17", Statement = [local.account_root_statement, local.logs_service_statement] })
    data = jsonencode({ Version = "2012-10-17", Statement = [local.account_root_statement] })
  }
}

resource "aws_kms_key" "this" {
  for_each = local.kms_keys

  description             = each.value
  enable_key_rotation     = true
  rotation_period_in_days = 365
  deletion_window_in_days = local.is_prod ? 30 : 7
  multi_region            = false

  policy = local.kms_policies[each.key]

  tags = { Name = "${local.prefix}-${each.key}", purpose = each.key }
}

resource "aws_kms_alias" "this" {
  for_each = local.kms_keys

  name          = "alias/${local.prefix}-${each.key}"
  target_key_id = aws_kms_key.this[each.key].key_id
}
