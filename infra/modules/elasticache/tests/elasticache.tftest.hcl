mock_provider "aws" {
  source = "../../testing/aws"
}

variables {
  name                       = "checkout-dev"
  environment                = "dev"
  vpc_id                     = "vpc-0123456789abcdef0"
  subnet_ids                 = ["subnet-aaaa", "subnet-bbbb", "subnet-cccc"]
  allowed_security_group_ids = ["sg-0service0000000001"]
  kms_key_arn                = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

run "dev_single_node_encrypted_and_reachable_from_the_service_only" {
  command = plan

  assert {
    condition     = aws_elasticache_replication_group.this.at_rest_encryption_enabled == "true" && aws_elasticache_replication_group.this.kms_key_id == var.kms_key_arn
    error_message = "The cache must be encrypted at rest with the given KMS key."
  }
  assert {
    condition     = aws_elasticache_replication_group.this.transit_encryption_enabled && aws_elasticache_replication_group.this.transit_encryption_mode == "required"
    error_message = "The cache must require TLS."
  }
  assert {
    condition     = aws_secretsmanager_secret.auth_token.kms_key_id == var.kms_key_arn
    error_message = "The AUTH token secret must be encrypted with the KMS key."
  }
  assert {
    condition     = aws_elasticache_replication_group.this.auth_token_update_strategy == "ROTATE"
    error_message = "Token changes from Secrets Manager must rotate the AUTH token."
  }
  assert {
    condition     = aws_elasticache_replication_group.this.num_cache_clusters == 1
    error_message = "dev must run a single cache node."
  }
  assert {
    condition     = aws_elasticache_replication_group.this.multi_az_enabled == false && aws_elasticache_replication_group.this.automatic_failover_enabled == false
    error_message = "dev must not be multi-AZ."
  }
  assert {
    condition     = alltrue([for r in aws_vpc_security_group_ingress_rule.from_service : r.cidr_ipv4 == null && r.cidr_ipv6 == null && r.referenced_security_group_id != null])
    error_message = "The cache must only admit security groups, never CIDRs."
  }
  assert {
    condition     = tolist([for r in aws_vpc_security_group_ingress_rule.from_service : r.referenced_security_group_id]) == var.allowed_security_group_ids
    error_message = "The cache must admit exactly the service's security group."
  }
  assert {
    condition     = alltrue([for r in aws_vpc_security_group_ingress_rule.from_service : r.from_port == 6379 && r.to_port == 6379])
    error_message = "Only the Redis port may be open."
  }
}

run "auth_token_comes_from_secrets_manager" {
  command = apply

  assert {
    condition     = aws_elasticache_replication_group.this.auth_token == aws_secretsmanager_secret_version.auth_token.secret_string
    error_message = "The AUTH token must be the value stored in Secrets Manager."
  }
  assert {
    condition     = aws_secretsmanager_secret_version.auth_token.secret_id == aws_secretsmanager_secret.auth_token.id
    error_message = "The token must be stored in the module's secret."
  }
  assert {
    condition     = output.auth_token_secret_arn == aws_secretsmanager_secret.auth_token.arn
    error_message = "The module must expose the secret's ARN."
  }
}

run "prod_is_multi_az_with_failover" {
  command = plan

  variables {
    environment = "prod"
    name        = "checkout-prod"
  }

  assert {
    condition     = aws_elasticache_replication_group.this.num_cache_clusters == 3
    error_message = "prod must run a primary and 2 replicas."
  }
  assert {
    condition     = aws_elasticache_replication_group.this.multi_az_enabled && aws_elasticache_replication_group.this.automatic_failover_enabled
    error_message = "prod must be multi-AZ with automatic failover."
  }
  assert {
    condition     = aws_elasticache_replication_group.this.snapshot_retention_limit == 7 && aws_elasticache_replication_group.this.final_snapshot_identifier == "checkout-prod-final"
    error_message = "prod must keep snapshots and take a final snapshot."
  }
}

run "cluster_mode_shards_and_replicas" {
  command = plan

  variables {
    environment          = "prod"
    cluster_mode_enabled = true
    num_shards           = 3
    replicas             = 1
  }

  assert {
    condition     = aws_elasticache_replication_group.this.num_node_groups == 3 && aws_elasticache_replication_group.this.replicas_per_node_group == 1
    error_message = "Cluster mode must create 3 shards of 1 primary + 1 replica."
  }
  assert {
    condition     = aws_elasticache_replication_group.this.parameter_group_name == "default.redis7.cluster.on"
    error_message = "Cluster mode needs the cluster-enabled parameter group."
  }
  assert {
    condition     = output.configuration.node_count == 6
    error_message = "3 shards x 2 nodes = 6 nodes."
  }
}

run "rejects_prod_without_replicas" {
  command = plan

  variables {
    environment = "prod"
    replicas    = 0
  }

  expect_failures = [aws_elasticache_replication_group.this]
}

run "rejects_negative_replicas_stray_shards_and_no_allowed_group" {
  command = plan
  variables {
    replicas                   = -1
    num_shards                 = 2
    allowed_security_group_ids = []
  }
  expect_failures = [var.replicas, var.num_shards, var.allowed_security_group_ids]
}
