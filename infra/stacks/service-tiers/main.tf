locals {
  env = var.environment

  # One name for every tier, at most 40 characters (the ElastiCache limit):
  # <service>-<environment>, or for long service names a shortened service
  # name plus a hash that keeps it unique.
  full_name = "${var.service_name}-${local.env}"
  name = length(local.full_name) <= 40 ? local.full_name : format("%s-%s-%s",
    trimsuffix(substr(var.service_name, 0, 40 - length(local.env) - 6), "-"),
    substr(sha1(var.service_name), 0, 4),
    local.env,
  )

  tags = merge(var.tags, {
    service     = var.service_name
    environment = local.env
    stack       = "service-tiers"
    managed-by  = "terraform"
  })

  # Environment presets: dev small and single-AZ, staging multi-AZ, prod
  # multi-AZ with deletion protection and longer backups.
  presets = {
    dev = {
      database_instance_class = "db.t4g.medium"
      database_min_capacity   = 0.5
      database_max_capacity   = 2
      database_reader_count   = 0
      backup_retention_days   = 1
      cache_node_type         = "cache.t4g.micro"
      cache_replicas          = 0
      multi_az                = false
      deletion_protection     = false
    }
    staging = {
      database_instance_class = "db.r6g.large"
      database_min_capacity   = 0.5
      database_max_capacity   = 8
      database_reader_count   = 1
      backup_retention_days   = 7
      cache_node_type         = "cache.t4g.small"
      cache_replicas          = 1
      multi_az                = true
      deletion_protection     = false
    }
    prod = {
      database_instance_class = "db.r6g.large"
      database_min_capacity   = 1
      database_max_capacity   = 32
      database_reader_count   = 2
      backup_retention_days   = 14
      cache_node_type         = "cache.r7g.large"
      cache_replicas          = 2
      multi_az                = true
      deletion_protection     = true
    }
  }
  preset = local.presets[local.env]

  sizes = {
    database_instance_class = coalesce(var.sizes.database_instance_class, local.preset.database_instance_class)
    database_min_capacity   = coalesce(var.sizes.database_min_capacity, local.preset.database_min_capacity)
    database_max_capacity   = coalesce(var.sizes.database_max_capacity, local.preset.database_max_capacity)
    database_reader_count   = coalesce(var.sizes.database_reader_count, local.preset.database_reader_count)
    cache_node_type         = coalesce(var.sizes.cache_node_type, local.preset.cache_node_type)
    cache_replicas          = coalesce(var.sizes.cache_replicas, local.preset.cache_replicas)
    cache_shards            = coalesce(var.sizes.cache_shards, 1)
  }

  database_enabled = var.tiers.database != "none"
  cache_enabled    = var.tiers.cache != "none"
  queue_enabled    = var.tiers.queue != "none"
  public_http      = var.tiers.public_http

  # dev pins the database to one AZ; the other environments spread over all.
  database_azs = local.preset.multi_az ? var.availability_zones : [var.availability_zones[0]]
  db_user      = replace(var.service_name, "-", "_")
  hostname     = local.public_http ? "${var.service_name}.${var.public_domain}" : null
  # A stable priority per service unless the portal assigns one.
  listener_rule_priority = coalesce(var.options.listener_rule_priority, parseint(substr(sha1(local.name), 0, 4), 16) % 49000 + 1000)
}

# ------------------------------------------------------------ the service's security group
# Attach it to the service's pods (SecurityGroupPolicy, security groups for
# pods); the database and cache admit this group and nothing else.

resource "aws_security_group" "service" {
  name        = "${local.name}-service"
  description = "Pods of ${var.service_name} (${local.env}); the only source its database and cache admit"
  vpc_id      = var.vpc_id

  tags = { Name = "${local.name}-service" }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_egress_rule" "service_all" {
  security_group_id = aws_security_group.service.id
  description       = "Outbound (AWS APIs, database, cache, dependencies)"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "service_from_alb" {
  count = local.public_http ? 1 : 0

  security_group_id            = aws_security_group.service.id
  description                  = "HTTP from the platform ALB"
  ip_protocol                  = "tcp"
  from_port                    = var.options.service_port
  to_port                      = var.options.service_port
  referenced_security_group_id = var.alb_security_group_id
}

# ------------------------------------------------------------ tiers

module "database" {
  source = "../../modules/rds-aurora"
  count  = local.database_enabled ? 1 : 0

  name                       = local.name
  environment                = local.env
  capacity_mode              = var.tiers.database == "aurora-serverless-v2" ? "serverless-v2" : "provisioned"
  instance_class             = local.sizes.database_instance_class
  min_capacity               = local.sizes.database_min_capacity
  max_capacity               = local.sizes.database_max_capacity
  reader_count               = local.sizes.database_reader_count
  database_name              = local.db_user
  vpc_id                     = var.vpc_id
  subnet_ids                 = var.database_subnet_ids
  availability_zones         = local.database_azs
  allowed_security_group_ids = [aws_security_group.service.id]
  kms_key_arn                = var.data_kms_key_arn
  backup_retention_days      = local.preset.backup_retention_days
  deletion_protection        = local.preset.deletion_protection && !var.allow_destroy
  enable_proxy               = var.options.database_proxy
  tags                       = local.tags
}

module "cache" {
  source = "../../modules/elasticache"
  count  = local.cache_enabled ? 1 : 0

  name                       = local.name
  environment                = local.env
  vpc_id                     = var.vpc_id
  subnet_ids                 = var.database_subnet_ids
  allowed_security_group_ids = [aws_security_group.service.id]
  node_type                  = local.sizes.cache_node_type
  cluster_mode_enabled       = var.options.cache_cluster_mode
  num_shards                 = var.options.cache_cluster_mode ? local.sizes.cache_shards : 1
  replicas                   = local.sizes.cache_replicas
  multi_az                   = local.preset.multi_az && local.sizes.cache_replicas > 0
  kms_key_arn                = var.data_kms_key_arn
  logs_kms_key_arn           = var.logs_kms_key_arn
  tags                       = local.tags
}

module "queue" {
  source = "../../modules/sqs"
  count  = local.queue_enabled ? 1 : 0

  name                       = local.name
  fifo                       = var.options.queue_fifo
  visibility_timeout_seconds = coalesce(var.sizes.queue_visibility_timeout_seconds, 30)
  message_retention_seconds  = coalesce(var.sizes.queue_message_retention_seconds, 345600)
  max_receive_count          = coalesce(var.sizes.queue_max_receive_count, 5)
  kms_key_arn                = var.data_kms_key_arn
  tags                       = local.tags
}

# ------------------------------------------------------------ IAM (IRSA)

locals {
  # The secrets of the service's own tiers, and nothing else.
  secret_arns = concat(
    local.database_enabled ? [module.database[0].master_user_secret_arn] : [],
    local.cache_enabled ? [module.cache[0].auth_token_secret_arn] : [],
  )
}

module "service_iam" {
  source = "../../modules/service-iam"

  service_name      = var.service_name
  environment       = local.env
  namespace         = var.options.namespace
  oidc_provider_arn = var.eks_oidc_provider_arn
  oidc_issuer_url   = var.eks_oidc_issuer_url

  sqs_queue_arns = local.queue_enabled ? [module.queue[0].queue_arn, module.queue[0].dlq_arn] : []
  secret_arns    = local.secret_arns
  # The data key encrypts the queue and the secrets: only needed when one exists.
  kms_key_arns = local.database_enabled || local.cache_enabled || local.queue_enabled ? [var.data_kms_key_arn] : []
  rds_iam_auth = local.database_enabled ? {
    cluster_resource_id = module.database[0].cluster_resource_id
    db_users            = [local.db_user]
  } : null

  tags = local.tags
}

# ------------------------------------------------------------ public HTTP

resource "aws_lb_target_group" "service" {
  count = local.public_http ? 1 : 0

  name_prefix          = "svc-"
  target_type          = "ip"
  protocol             = "HTTP"
  port                 = var.options.service_port
  vpc_id               = var.vpc_id
  deregistration_delay = 30

  health_check {
    path                = var.options.health_check_path
    matcher             = "200-399"
    healthy_threshold   = 2
    unhealthy_threshold = 3
    interval            = 15
  }

  tags = { Name = local.name }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener_rule" "service" {
  count = local.public_http ? 1 : 0

  listener_arn = var.alb_https_listener_arn
  priority     = local.listener_rule_priority

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.service[0].arn
  }

  condition {
    host_header {
      values = [local.hostname]
    }
  }

  tags = { Name = local.name }
}

resource "aws_route53_record" "service" {
  count = local.public_http && var.public_zone_id != null ? 1 : 0

  zone_id = var.public_zone_id
  name    = local.hostname
  type    = "A"

  alias {
    name                   = var.alb_dns_name
    zone_id                = var.alb_zone_id
    evaluate_target_health = true
  }

  lifecycle {
    precondition {
      condition     = var.alb_dns_name != null && var.alb_zone_id != null
      error_message = "A DNS record for the service needs alb_dns_name and alb_zone_id (platform outputs)."
    }
  }
}
