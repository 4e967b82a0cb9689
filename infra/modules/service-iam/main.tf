data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  namespace       = coalesce(var.namespace, var.service_name)
  service_account = coalesce(var.service_account_name, var.service_name)
  issuer          = trimprefix(var.oidc_issuer_url, "https://")
  partition       = data.aws_partition.current.partition
  region          = data.aws_region.current.name

  sqs_actions = [
    "sqs:ChangeMessageVisibility",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
    "sqs:GetQueueUrl",
    "sqs:ReceiveMessage",
    "sqs:SendMessage",
  ]
  secret_actions = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]
  kms_actions    = ["kms:Decrypt", "kms:GenerateDataKey"]
  rds_actions    = ["rds-db:connect"]

  # One statement per tier the service uses; a tier it does not use adds nothing.
  # Each candidate carries its statement as JSON so that statements of different
  # shapes (with and without Condition) can live in one list.
  candidates = [
    {
      enabled = length(var.sqs_queue_arns) > 0
      sid     = "ServiceQueues"
      actions = local.sqs_actions
      json = jsonencode({
        Sid      = "ServiceQueues"
        Effect   = "Allow"
        Action   = local.sqs_actions
        Resource = var.sqs_queue_arns
      })
    },
    {
      enabled = length(var.secret_arns) > 0
      sid     = "ServiceSecrets"
      actions = local.secret_actions
      json = jsonencode({
        Sid      = "ServiceSecrets"
        Effect   = "Allow"
        Action   = local.secret_actions
        Resource = var.secret_arns
      })
    },
    {
      enabled = length(var.kms_key_arns) > 0
      sid     = "ServiceKeysViaServices"
      actions = local.kms_actions
      json = jsonencode({
        Sid      = "ServiceKeysViaServices"
        Effect   = "Allow"
        Action   = local.kms_actions
        Resource = var.kms_key_arns
        Condition = {
          StringEquals = {
            "kms:ViaService" = ["sqs.${local.region}.amazonaws.com", "secretsmanager.${local.region}.amazonaws.com"]
          }
        }
      })
    },
    {
      enabled = var.rds_iam_auth != null
      sid     = "DatabaseIamAuth"
      actions = local.rds_actions
      json = jsonencode({
        Sid    = "DatabaseIamAuth"
        Effect = "Allow"
        Action = local.rds_actions
        Resource = var.rds_iam_auth == null ? [] : [
          for u in var.rds_iam_auth.db_users :
          "arn:${local.partition}:rds-db:${local.region}:${data.aws_caller_identity.current.account_id}:dbuser:${var.rds_iam_auth.cluster_resource_id}/${u}"
        ]
      })
    },
  ]
  statements = [for c in local.candidates : c if c.enabled]

  granted_actions = sort(distinct(flatten([for s in local.statements : s.actions])))
}

resource "aws_iam_role" "this" {
  name                 = "${var.service_name}-${var.environment}-irsa"
  description          = "IRSA role of ${var.service_name} (${var.environment}): ${local.namespace}/${local.service_account}"
  permissions_boundary = var.permissions_boundary_arn
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "ServiceAccountOnly"
      Effect    = "Allow"
      Principal = { Federated = var.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.issuer}:sub" = "system:serviceaccount:${local.namespace}:${local.service_account}"
          "${local.issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })

  tags = merge(var.tags, { service = var.service_name, environment = var.environment })
}

resource "aws_iam_role_policy" "this" {
  count = length(local.statements) > 0 ? 1 : 0

  name = "${var.service_name}-tiers"
  role = aws_iam_role.this.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [for s in local.statements : jsondecode(s.json)]
  })
}
