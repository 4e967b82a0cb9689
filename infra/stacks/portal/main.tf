# What the portal itself needs in AWS to run as several replicas
# (deploy/chart): Aurora PostgreSQL (every plugin's database and the event
# bus), Redis (the shared cache), a security group for its pods, and its IRSA
# role (the CloudFormation engine of the provisioning plugin).
locals {
  name = "developer-portal-${var.environment}"
  tags = merge(var.tags, {
    service     = "developer-portal"
    environment = var.environment
    stack       = "portal"
    managed-by  = "terraform"
  })
}

# The pods' security group (SecurityGroupPolicy on the chart's pods): the only
# source the database and the cache admit.
resource "aws_security_group" "portal" {
  name        = local.name
  description = "Pods of the developer portal; the only source its database and cache admit"
  vpc_id      = var.vpc_id
  tags        = local.tags
}

resource "aws_vpc_security_group_egress_rule" "portal_all" {
  security_group_id = aws_security_group.portal.id
  description       = "The systems the portal drives (HTTPS) and its own tiers"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

module "database" {
  source = "../../modules/rds-aurora"

  name                       = local.name
  environment                = var.environment
  capacity_mode              = "serverless-v2"
  min_capacity               = 0.5
  max_capacity               = 8
  reader_count               = var.environment == "prod" ? 1 : 0
  database_name              = "backstage"
  vpc_id                     = var.vpc_id
  subnet_ids                 = var.database_subnet_ids
  availability_zones         = var.availability_zones
  allowed_security_group_ids = [aws_security_group.portal.id]
  kms_key_arn                = var.data_kms_key_arn
  backup_retention_days      = var.environment == "prod" ? 14 : 1
  deletion_protection        = var.environment == "prod" && !var.allow_destroy
  tags                       = local.tags
}

module "cache" {
  source = "../../modules/elasticache"

  name                       = local.name
  environment                = var.environment
  vpc_id                     = var.vpc_id
  subnet_ids                 = var.database_subnet_ids
  allowed_security_group_ids = [aws_security_group.portal.id]
  node_type                  = "cache.t4g.small"
  replicas                   = var.environment == "prod" ? 1 : 0
  multi_az                   = var.environment == "prod"
  kms_key_arn                = var.data_kms_key_arn
  logs_kms_key_arn           = var.logs_kms_key_arn
  tags                       = local.tags
}

# ------------------------------------------------------------ IRSA role

locals {
  oidc_issuer = trimprefix(var.eks_oidc_issuer_url, "https://")
}

# Policies as jsonencode (not aws_iam_policy_document data sources): the
# tests plan them offline against a mocked provider and read them back.
resource "aws_iam_role" "portal" {
  name = local.name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = var.eks_oidc_provider_arn }
      Condition = {
        StringEquals = {
          "${local.oidc_issuer}:sub" = "system:serviceaccount:${var.namespace}:developer-portal"
          "${local.oidc_issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
  tags = local.tags
}

# The CloudFormation engine manages the stacks <service>-<env> of the service
# tiers template (infra/cloudformation), nothing else.
resource "aws_iam_role_policy" "portal" {
  name = "cloudformation-engine"
  role = aws_iam_role.portal.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ServiceTierStacks"
        Effect = "Allow"
        Action = [
          "cloudformation:CreateStack",
          "cloudformation:UpdateStack",
          "cloudformation:DeleteStack",
          "cloudformation:DescribeStacks",
          "cloudformation:DescribeStackEvents",
          "cloudformation:GetTemplate",
        ]
        Resource = [for env in ["dev", "staging", "prod"] : "arn:aws:cloudformation:${var.region}:*:stack/*-${env}/*"]
      },
      {
        Sid      = "ValidateTemplates"
        Effect   = "Allow"
        Action   = "cloudformation:ValidateTemplate"
        Resource = "*"
      },
    ]
  })
}
