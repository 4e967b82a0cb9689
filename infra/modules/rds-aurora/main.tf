data "aws_region" "current" {}

locals {
  is_prod             = var.environment == "prod"
  serverless          = var.capacity_mode == "serverless-v2"
  reader_count        = coalesce(var.reader_count, { dev = 0, staging = 1, prod = 2 }[var.environment])
  instance_count      = 1 + local.reader_count
  backup_days         = coalesce(var.backup_retention_days, { dev = 1, staging = 7, prod = 14 }[var.environment])
  deletion_protection = coalesce(var.deletion_protection, local.is_prod)
  major               = split(".", var.engine_version)[0]
  az_count            = length(var.availability_zones)
  instance_azs        = [for i in range(local.instance_count) : local.az_count > 0 ? var.availability_zones[i % local.az_count] : null]
  # Clients reach the proxy when there is one, otherwise the cluster.
  client_security_group = var.enable_proxy ? "proxy" : "cluster"
}

resource "aws_db_subnet_group" "this" {
  name        = var.name
  description = "Database subnets of ${var.name}"
  subnet_ids  = var.subnet_ids

  tags = var.tags
}

# ------------------------------------------------------------ security groups

resource "aws_security_group" "cluster" {
  name        = "${var.name}-db"
  description = "Aurora ${var.name}: PostgreSQL from the service (or its proxy) only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-db" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "cluster_from_service" {
  count = var.enable_proxy ? 0 : length(var.allowed_security_group_ids)

  security_group_id            = aws_security_group.cluster.id
  description                  = "PostgreSQL from the service"
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  referenced_security_group_id = var.allowed_security_group_ids[count.index]

  tags = var.tags
}

resource "aws_security_group" "proxy" {
  count = var.enable_proxy ? 1 : 0

  name        = "${var.name}-db-proxy"
  description = "RDS Proxy of ${var.name}: PostgreSQL from the service only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-db-proxy" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "proxy_from_service" {
  count = var.enable_proxy ? length(var.allowed_security_group_ids) : 0

  security_group_id            = aws_security_group.proxy[0].id
  description                  = "PostgreSQL from the service"
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  referenced_security_group_id = var.allowed_security_group_ids[count.index]

  tags = var.tags
}

resource "aws_vpc_security_group_egress_rule" "proxy_to_cluster" {
  count = var.enable_proxy ? 1 : 0

  security_group_id            = aws_security_group.proxy[0].id
  description                  = "PostgreSQL to the cluster"
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  referenced_security_group_id = aws_security_group.cluster.id

  tags = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "cluster_from_proxy" {
  count = var.enable_proxy ? 1 : 0

  security_group_id            = aws_security_group.cluster.id
  description                  = "PostgreSQL from the RDS Proxy"
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  referenced_security_group_id = aws_security_group.proxy[0].id

  tags = var.tags
}

# ------------------------------------------------------------ cluster

resource "aws_rds_cluster_parameter_group" "this" {
  name        = "${var.name}-aurora-postgresql${local.major}"
  family      = "aurora-postgresql${local.major}"
  description = "Parameters of ${var.name}: TLS only, slow statement logging"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_rds_cluster" "this" {
  cluster_identifier = var.name
  engine             = "aurora-postgresql"
  engine_mode        = "provisioned"
  engine_version     = var.engine_version
  database_name      = var.database_name
  port               = var.port

  # The master password is created, stored and rotated by Secrets Manager:
  # it is in no variable and not in the Terraform state.
  master_username               = var.master_username
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.kms_key_arn

  db_subnet_group_name            = aws_db_subnet_group.this.name
  vpc_security_group_ids          = [aws_security_group.cluster.id]
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.this.name

  storage_encrypted                   = true
  kms_key_id                          = var.kms_key_arn
  iam_database_authentication_enabled = true

  backup_retention_period      = local.backup_days
  preferred_backup_window      = "02:00-03:00"
  preferred_maintenance_window = "sun:03:30-sun:04:30"
  copy_tags_to_snapshot        = true
  deletion_protection          = local.deletion_protection
  skip_final_snapshot          = !local.is_prod
  final_snapshot_identifier    = local.is_prod ? "${var.name}-final" : null
  delete_automated_backups     = !local.is_prod

  enabled_cloudwatch_logs_exports = ["postgresql"]
  apply_immediately               = !local.is_prod

  dynamic "serverlessv2_scaling_configuration" {
    for_each = local.serverless ? [1] : []
    content {
      min_capacity = var.min_capacity
      max_capacity = var.max_capacity
    }
  }

  tags = merge(var.tags, { Name = var.name })

  lifecycle {
    precondition {
      condition     = !local.is_prod || local.reader_count >= 1
      error_message = "prod databases need at least one reader in another availability zone (multi-AZ failover): reader_count must be >= 1."
    }
  }
}

resource "aws_rds_cluster_instance" "this" {
  count = local.instance_count

  identifier         = "${var.name}-${count.index}"
  cluster_identifier = aws_rds_cluster.this.id
  engine             = aws_rds_cluster.this.engine
  engine_version     = aws_rds_cluster.this.engine_version
  instance_class     = local.serverless ? "db.serverless" : var.instance_class
  availability_zone  = local.instance_azs[count.index]
  promotion_tier     = count.index == 0 ? 0 : 1

  db_subnet_group_name = aws_db_subnet_group.this.name
  publicly_accessible  = false

  performance_insights_enabled          = true
  performance_insights_kms_key_id       = var.kms_key_arn
  performance_insights_retention_period = 7
  auto_minor_version_upgrade            = true
  apply_immediately                     = !local.is_prod

  tags = merge(var.tags, { Name = "${var.name}-${count.index}", role = count.index == 0 ? "writer" : "reader" })
}

# ------------------------------------------------------------ RDS Proxy

resource "aws_iam_role" "proxy" {
  count = var.enable_proxy ? 1 : 0

  name = "${var.name}-rds-proxy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "rds.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "proxy" {
  count = var.enable_proxy ? 1 : 0

  name = "read-master-secret"
  role = aws_iam_role.proxy[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "MasterSecret"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
        Resource = [aws_rds_cluster.this.master_user_secret[0].secret_arn]
      },
      {
        Sid       = "DecryptMasterSecret"
        Effect    = "Allow"
        Action    = "kms:Decrypt"
        Resource  = [var.kms_key_arn]
        Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.${data.aws_region.current.name}.amazonaws.com" } }
      },
    ]
  })
}

resource "aws_db_proxy" "this" {
  count = var.enable_proxy ? 1 : 0

  name                   = "${var.name}-proxy"
  engine_family          = "POSTGRESQL"
  role_arn               = aws_iam_role.proxy[0].arn
  vpc_subnet_ids         = var.subnet_ids
  vpc_security_group_ids = [aws_security_group.proxy[0].id]
  require_tls            = true
  idle_client_timeout    = 1800

  auth {
    auth_scheme               = "SECRETS"
    secret_arn                = aws_rds_cluster.this.master_user_secret[0].secret_arn
    iam_auth                  = var.proxy_require_iam_auth ? "REQUIRED" : "DISABLED"
    client_password_auth_type = "POSTGRES_SCRAM_SHA_256"
  }

  tags = var.tags
}

resource "aws_db_proxy_default_target_group" "this" {
  count = var.enable_proxy ? 1 : 0

  db_proxy_name = aws_db_proxy.this[0].name

  connection_pool_config {
    max_connections_percent      = 90
    max_idle_connections_percent = 50
    connection_borrow_timeout    = 120
  }
}

resource "aws_db_proxy_target" "this" {
  count = var.enable_proxy ? 1 : 0

  db_proxy_name         = aws_db_proxy.this[0].name
  target_group_name     = aws_db_proxy_default_target_group.this[0].name
  db_cluster_identifier = aws_rds_cluster.this.cluster_identifier
}
