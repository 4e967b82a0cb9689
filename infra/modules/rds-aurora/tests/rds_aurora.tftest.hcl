mock_provider "aws" {
  source = "../../testing/aws"
}

variables {
  name                       = "checkout-dev"
  environment                = "dev"
  vpc_id                     = "vpc-0123456789abcdef0"
  subnet_ids                 = ["subnet-aaaa", "subnet-bbbb", "subnet-cccc"]
  availability_zones         = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  allowed_security_group_ids = ["sg-0service0000000001"]
  kms_key_arn                = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

run "dev_serverless_v2_encrypted_private_and_password_managed" {
  command = plan

  assert {
    condition     = length(aws_rds_cluster_instance.this) == 1 && aws_rds_cluster_instance.this[0].instance_class == "db.serverless"
    error_message = "dev must run a single db.serverless writer."
  }
  assert {
    condition     = aws_rds_cluster.this.serverlessv2_scaling_configuration[0].min_capacity == 0.5 && aws_rds_cluster.this.serverlessv2_scaling_configuration[0].max_capacity == 4
    error_message = "Serverless v2 scaling must follow min_capacity/max_capacity."
  }
  assert {
    condition     = aws_rds_cluster.this.engine == "aurora-postgresql" && aws_rds_cluster.this.engine_mode == "provisioned"
    error_message = "Aurora PostgreSQL (Serverless v2 runs in provisioned engine mode)."
  }
  assert {
    condition     = !aws_rds_cluster.this.deletion_protection && aws_rds_cluster.this.skip_final_snapshot && aws_rds_cluster.this.backup_retention_period == 1
    error_message = "dev: no deletion protection, no final snapshot, 1 day of backups."
  }
  assert {
    condition     = aws_rds_cluster.this.storage_encrypted && aws_rds_cluster.this.kms_key_id == var.kms_key_arn
    error_message = "Storage must be encrypted with the given KMS key."
  }
  assert {
    condition     = aws_rds_cluster.this.manage_master_user_password && aws_rds_cluster.this.master_user_secret_kms_key_id == var.kms_key_arn
    error_message = "The master password must be managed by Secrets Manager, encrypted with the KMS key."
  }
  assert {
    condition     = aws_rds_cluster.this.master_password == null && aws_rds_cluster.this.master_password_wo == null
    error_message = "No master password may be set in configuration (it would reach state or variables)."
  }
  assert {
    condition     = alltrue([for i in aws_rds_cluster_instance.this : i.performance_insights_enabled && i.performance_insights_kms_key_id == var.kms_key_arn])
    error_message = "Performance Insights data must be encrypted with the KMS key."
  }
  assert {
    condition     = contains([for p in aws_rds_cluster_parameter_group.this.parameter : "${p.name}=${p.value}"], "rds.force_ssl=1")
    error_message = "The cluster must refuse connections without TLS."
  }
  assert {
    condition     = alltrue([for i in aws_rds_cluster_instance.this : i.publicly_accessible == false])
    error_message = "No instance may be publicly accessible."
  }
  assert {
    condition     = alltrue([for r in output.ingress_rules : r.cidr_ipv4 == null && r.cidr_ipv6 == null])
    error_message = "The database must not admit any CIDR, only security groups."
  }
  assert {
    condition     = tolist([for r in aws_vpc_security_group_ingress_rule.cluster_from_service : r.referenced_security_group_id]) == var.allowed_security_group_ids
    error_message = "The database must admit exactly the service's security group."
  }
  assert {
    condition     = alltrue([for r in output.ingress_rules : r.from_port == 5432 && r.to_port == 5432])
    error_message = "Only the PostgreSQL port may be open."
  }
  assert {
    condition     = length(aws_db_proxy.this) == 0 && length(aws_security_group.proxy) == 0
    error_message = "No RDS Proxy unless asked for."
  }
}

run "prod_preset_multi_az_protected_and_backed_up" {
  command = plan

  variables {
    name        = "checkout-prod"
    environment = "prod"
  }

  assert {
    condition     = length(aws_rds_cluster_instance.this) == 3
    error_message = "prod must run a writer and 2 readers."
  }
  assert {
    condition     = length(distinct(aws_rds_cluster_instance.this[*].availability_zone)) == 3
    error_message = "prod instances must be spread over 3 availability zones."
  }
  assert {
    condition     = output.configuration.multi_az
    error_message = "prod must be multi-AZ."
  }
  assert {
    condition     = aws_rds_cluster.this.deletion_protection && !aws_rds_cluster.this.skip_final_snapshot && aws_rds_cluster.this.final_snapshot_identifier == "checkout-prod-final"
    error_message = "prod must have deletion protection and take a final snapshot."
  }
  assert {
    condition     = aws_rds_cluster.this.backup_retention_period == 14
    error_message = "prod must keep 14 days of backups."
  }
}

run "provisioned_instances" {
  command = plan

  variables {
    capacity_mode  = "provisioned"
    instance_class = "db.r6g.xlarge"
    reader_count   = 1
  }

  assert {
    condition     = alltrue([for i in aws_rds_cluster_instance.this : i.instance_class == "db.r6g.xlarge"]) && length(aws_rds_cluster_instance.this) == 2
    error_message = "Provisioned mode must use the instance class for writer and reader."
  }
  assert {
    condition     = length(aws_rds_cluster.this.serverlessv2_scaling_configuration) == 0
    error_message = "Provisioned mode must have no Serverless v2 scaling configuration."
  }
}

run "rds_proxy_pools_connections" {
  command = apply

  variables {
    enable_proxy = true
  }

  assert {
    condition     = aws_db_proxy.this[0].require_tls && aws_db_proxy.this[0].engine_family == "POSTGRESQL"
    error_message = "The proxy must require TLS."
  }
  assert {
    condition     = one(aws_db_proxy.this[0].auth).secret_arn == aws_rds_cluster.this.master_user_secret[0].secret_arn
    error_message = "The proxy must authenticate with the Secrets Manager-managed master secret."
  }
  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.cluster_from_service) == 0 && aws_vpc_security_group_ingress_rule.cluster_from_proxy[0].referenced_security_group_id == aws_security_group.proxy[0].id
    error_message = "With a proxy the cluster must only admit the proxy."
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.proxy_from_service[0].referenced_security_group_id == var.allowed_security_group_ids[0]
    error_message = "The proxy must admit the service's security group."
  }
  assert {
    condition     = output.endpoint == aws_db_proxy.this[0].endpoint
    error_message = "With a proxy, the service's endpoint must be the proxy's."
  }
  assert {
    condition     = tolist(jsondecode(aws_iam_role_policy.proxy[0].policy).Statement[0].Resource) == tolist([aws_rds_cluster.this.master_user_secret[0].secret_arn])
    error_message = "The proxy role may read the master secret only."
  }
}

run "rejects_invalid_capacity_readers_mode_username_and_groups" {
  command = plan
  variables {
    min_capacity               = 8
    max_capacity               = 4
    reader_count               = -1
    capacity_mode              = "serverless-v1"
    master_username            = "postgres"
    allowed_security_group_ids = []
  }
  expect_failures = [var.max_capacity, var.reader_count, var.capacity_mode, var.master_username, var.allowed_security_group_ids]
}

run "rejects_prod_without_readers" {
  command = plan
  variables {
    environment  = "prod"
    reader_count = 0
  }
  expect_failures = [aws_rds_cluster.this]
}
