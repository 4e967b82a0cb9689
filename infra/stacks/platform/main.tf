locals {
  prefix  = "${var.name}-${var.environment}"
  is_prod = var.environment == "prod"

  tags = merge(var.tags, {
    environment = var.environment
    stack       = "platform"
    managed-by  = "terraform"
  })

  node_group_presets = {
    dev     = { instance_type = "m6i.large", min_size = 1, max_size = 3 }
    staging = { instance_type = "m6i.large", min_size = 2, max_size = 6 }
    prod    = { instance_type = "m6i.xlarge", min_size = 3, max_size = 12 }
  }
  preset = local.node_group_presets[var.environment]

  node_groups = var.node_groups != null ? var.node_groups : {
    default = {
      instance_types = [local.preset.instance_type]
      capacity_type  = "ON_DEMAND"
      ami_type       = "AL2023_x86_64_STANDARD"
      min_size       = local.preset.min_size
      max_size       = local.preset.max_size
      desired_size   = null
      disk_size_gib  = 50
      labels         = {}
      taints         = []
    }
  }
}

module "vpc" {
  source = "../../modules/vpc"

  name               = local.prefix
  environment        = var.environment
  cidr_block         = var.vpc_cidr
  availability_zones = var.availability_zones
  cluster_name       = local.prefix
  logs_kms_key_arn   = aws_kms_key.this["logs"].arn
  tags               = local.tags
}

module "eks" {
  source = "../../modules/eks"

  name                    = local.prefix
  environment             = var.environment
  kubernetes_version      = var.kubernetes_version
  vpc_id                  = module.vpc.vpc_id
  subnet_ids              = module.vpc.private_subnet_ids
  endpoint_public_access  = var.eks_endpoint_public_access
  public_access_cidrs     = var.eks_public_access_cidrs
  secrets_kms_key_arn     = aws_kms_key.this["eks"].arn
  logs_kms_key_arn        = aws_kms_key.this["logs"].arn
  log_retention_days      = local.is_prod ? 365 : 30
  node_groups             = local.node_groups
  cluster_admin_role_arns = var.cluster_admin_role_arns
  tags                    = local.tags
}

module "alb" {
  source = "../../modules/alb"

  name                = local.prefix
  environment         = var.environment
  vpc_id              = module.vpc.vpc_id
  vpc_cidr_block      = module.vpc.vpc_cidr_block
  public_subnet_ids   = module.vpc.public_subnet_ids
  certificate_arn     = var.acm_certificate_arn
  ingress_cidr_blocks = var.alb_ingress_cidrs
  tags                = local.tags
}
