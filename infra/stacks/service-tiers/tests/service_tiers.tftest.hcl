mock_provider "aws" {
  source = "../../testing/aws"
}

# What the portal sets: the platform outputs of the environment ...
variables {
  region                 = "eu-west-1"
  vpc_id                 = "vpc-0123456789abcdef0"
  database_subnet_ids    = ["subnet-db-a", "subnet-db-b", "subnet-db-c"]
  availability_zones     = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  eks_oidc_provider_arn  = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123"
  eks_oidc_issuer_url    = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC123"
  data_kms_key_arn       = "arn:aws:kms:eu-west-1:111122223333:key/33333333-3333-3333-3333-333333333333"
  logs_kms_key_arn       = "arn:aws:kms:eu-west-1:111122223333:key/22222222-2222-2222-2222-222222222222"
  alb_https_listener_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/portal-prod/0123456789abcdef/0123456789abcdef"
  alb_security_group_id  = "sg-0alb000000000001"
  alb_dns_name           = "portal-prod-123456.eu-west-1.elb.amazonaws.com"
  alb_zone_id            = "Z32O12XQLNTSW2"

  # ... and the service's own choices (overridden per run).
  service_name = "checkout"
  environment  = "dev"
}

run "prod_preset_is_multi_az_and_protected" {
  command = plan

  variables {
    environment = "prod"
    tiers       = { database = "aurora-serverless-v2", cache = "redis", queue = "sqs" }
  }

  assert {
    condition     = output.summary.database.multi_az && output.summary.database.instance_count == 3 && length(distinct(output.summary.database.instance_azs)) == 3
    error_message = "prod: the database must have a writer and 2 readers in 3 AZs."
  }
  assert {
    condition     = output.summary.database.deletion_protection && !output.summary.database.skip_final_snapshot && output.summary.database.backup_retention_period == 14
    error_message = "prod: deletion protection, final snapshot and 14 days of backups."
  }
  assert {
    condition     = output.summary.cache.multi_az && output.summary.cache.automatic_failover && output.summary.cache.replicas == 2
    error_message = "prod: the cache must be multi-AZ with automatic failover and 2 replicas."
  }
}

run "dev_preset_is_small_and_single_az" {
  command = plan

  variables {
    tiers = { database = "aurora-serverless-v2", cache = "redis", queue = "sqs" }
  }

  assert {
    condition     = output.summary.database.instance_count == 1 && !output.summary.database.multi_az && output.summary.database.instance_azs == tolist(["eu-west-1a"])
    error_message = "dev: one database instance in one AZ."
  }
  assert {
    condition     = !output.summary.database.deletion_protection && output.summary.database.skip_final_snapshot
    error_message = "dev: no deletion protection, no final snapshot."
  }
  assert {
    condition     = output.summary.cache.node_count == 1 && !output.summary.cache.multi_az
    error_message = "dev: a single cache node, not multi-AZ."
  }
  assert {
    condition     = output.summary.database.instance_classes == tolist(["db.serverless"])
    error_message = "aurora-serverless-v2 must run db.serverless instances."
  }
}

run "rds_postgres_is_provisioned_aurora_with_sizes" {
  command = plan

  variables {
    environment = "staging"
    tiers       = { database = "rds-postgres" }
    sizes       = { database_instance_class = "db.r6g.xlarge", database_reader_count = 2 }
  }

  assert {
    condition     = output.summary.database.capacity_mode == "provisioned" && output.summary.database.instance_classes == tolist(["db.r6g.xlarge"])
    error_message = "rds-postgres must be provisioned Aurora PostgreSQL with the requested instance class."
  }
  assert {
    condition     = output.summary.database.instance_count == 3
    error_message = "sizes.database_reader_count must override the preset."
  }
}

run "service_without_database_gets_no_rds_resources_or_permissions" {
  command = apply

  variables {
    tiers = { queue = "sqs" }
  }

  assert {
    condition     = length(module.database) == 0 && output.summary.resources.database == 0
    error_message = "A service without a database must get no RDS resources."
  }
  assert {
    condition     = !anytrue([for a in output.summary.iam.granted_actions : startswith(a, "rds")])
    error_message = "A service without a database must get no RDS permission."
  }
  assert {
    condition     = output.database_endpoint == null && output.database_secret_arn == null && !contains(keys(output.environment_variables), "DATABASE_HOST")
    error_message = "A service without a database must get no database outputs."
  }
  assert {
    condition     = length(module.cache) == 0 && !contains(output.summary.iam.statement_ids, "ServiceSecrets")
    error_message = "A queue-only service must get no cache and no Secrets Manager permission."
  }
  assert {
    condition     = output.queue_url == module.queue[0].queue_url && output.environment_variables.QUEUE_URL == module.queue[0].queue_url
    error_message = "The queue URL must be an output and an environment variable."
  }
  assert {
    condition     = tolist(jsondecode(module.service_iam.policy_json).Statement[0].Resource) == tolist([module.queue[0].queue_arn, module.queue[0].dlq_arn])
    error_message = "SQS permissions must name the service's queue and DLQ only."
  }
}

run "service_with_no_tiers_gets_a_bare_role" {
  command = plan

  assert {
    condition     = length(module.database) + length(module.cache) + length(module.queue) == 0
    error_message = "No tier means no tier resources."
  }
  assert {
    condition     = length(output.summary.iam.granted_actions) == 0
    error_message = "No tier means no permissions at all."
  }
}

run "every_storage_resource_is_encrypted" {
  command = plan

  variables {
    environment = "prod"
    tiers       = { database = "rds-postgres", cache = "redis", queue = "sqs" }
  }

  assert {
    condition     = output.summary.database.storage_encrypted && output.summary.database.kms_key_id == var.data_kms_key_arn
    error_message = "Database storage must be encrypted with the data key."
  }
  assert {
    condition     = output.summary.database.manage_master_user_password && !output.summary.database.master_password_in_config
    error_message = "The database password must be managed by Secrets Manager, never in configuration."
  }
  assert {
    condition     = output.summary.cache.at_rest_encryption == "true" && output.summary.cache.transit_encryption && output.summary.cache.kms_key_id == var.data_kms_key_arn
    error_message = "The cache must be encrypted at rest (data key) and in transit."
  }
  assert {
    condition     = output.summary.cache.auth_secret_kms_key == var.data_kms_key_arn
    error_message = "The cache AUTH token secret must be encrypted with the data key."
  }
  assert {
    condition     = output.summary.queue.encryption == "SSE-KMS" && output.summary.queue.kms_key_arn == var.data_kms_key_arn
    error_message = "The queue must be encrypted with the data key."
  }
}

run "no_security_group_opens_a_database_port_to_the_world" {
  command = apply

  variables {
    environment   = "prod"
    tiers         = { database = "aurora-serverless-v2", cache = "redis", queue = "sqs", public_http = true }
    options       = { database_proxy = true }
    public_domain = "example.com"
  }

  assert {
    condition = !anytrue([
      for r in output.summary.ingress_rules :
      (r.cidr_ipv4 == "0.0.0.0/0" || r.cidr_ipv6 == "::/0") && (
        (r.from_port <= 5432 && r.to_port >= 5432) || (r.from_port <= 6379 && r.to_port >= 6379)
      )
    ])
    error_message = "No security group may open a database or cache port to 0.0.0.0/0."
  }
  assert {
    condition     = alltrue([for r in output.summary.ingress_rules : r.cidr_ipv4 == null && r.cidr_ipv6 == null])
    error_message = "The service's tiers must admit security groups only, never CIDRs."
  }
  assert {
    condition = alltrue([
      for r in output.summary.ingress_rules :
      contains([aws_security_group.service.id, var.alb_security_group_id, module.database[0].client_security_group_id], r.referenced_security_group_id)
    ])
    error_message = "Sources must be the service's group, the platform ALB (HTTP) or the database proxy (PostgreSQL)."
  }
}

run "public_http_adds_a_host_rule_on_the_platform_alb" {
  command = plan

  variables {
    tiers          = { public_http = true }
    public_domain  = "dev.example.com"
    public_zone_id = "Z0123456789ABCDEFGHIJ"
  }

  assert {
    condition     = aws_lb_listener_rule.service[0].listener_arn == var.alb_https_listener_arn
    error_message = "The rule must be added to the platform's HTTPS listener."
  }
  assert {
    condition     = tolist(one(aws_lb_listener_rule.service[0].condition).host_header[0].values) == tolist(["checkout.dev.example.com"])
    error_message = "The rule must match the service's host name."
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.service_from_alb[0].referenced_security_group_id == var.alb_security_group_id && aws_vpc_security_group_ingress_rule.service_from_alb[0].from_port == 8080
    error_message = "Only the ALB may reach the service's port."
  }
  assert {
    condition     = output.public_url == "https://checkout.dev.example.com" && aws_route53_record.service[0].alias[0].name == var.alb_dns_name
    error_message = "The service must be published at https://<service>.<domain>, aliased to the ALB."
  }
}

run "private_service_has_no_listener_rule" {
  command = plan

  variables {
    tiers = { queue = "sqs" }
  }

  assert {
    condition     = length(aws_lb_target_group.service) == 0 && length(aws_lb_listener_rule.service) == 0 && length(aws_vpc_security_group_ingress_rule.service_from_alb) == 0
    error_message = "Without public_http the service must not be exposed on the ALB."
  }
}

run "long_service_names_fit_every_identifier" {
  command = plan

  variables {
    service_name = "order-fulfilment-notification-dispatcher"
    environment  = "staging"
    tiers        = { cache = "redis" }
  }

  assert {
    condition     = length(output.name) <= 40 && endswith(output.name, "-staging") && !strcontains(output.name, "--")
    error_message = "The tier name must fit ElastiCache's 40 characters and keep the environment."
  }
}

run "allow_destroy_lifts_deletion_protection" {
  command = plan

  variables {
    environment   = "prod"
    tiers         = { database = "rds-postgres" }
    allow_destroy = true
  }

  assert {
    condition     = !output.summary.database.deletion_protection && !output.summary.database.skip_final_snapshot
    error_message = "Decommissioning lifts deletion protection but still takes a final snapshot in prod."
  }
}

# The invalid inputs the portal must never be able to submit - a service name
# with upper case, an unknown tier, a negative size, an unknown environment -
# each rejected by its variable's validation. The environment gets a run of its
# own: validations that refer to it (sizes, in prod) are skipped when it is
# itself invalid.
run "rejects_upper_case_name_unknown_tier_and_negative_size" {
  command = plan
  variables {
    service_name = "Checkout"
    tiers        = { database = "mysql" }
    sizes        = { database_reader_count = -1 }
  }
  expect_failures = [var.service_name, var.tiers, var.sizes]
}

run "rejects_unknown_environment" {
  command = plan
  variables {
    environment = "qa"
  }
  expect_failures = [var.environment]
}

run "rejects_too_long_name_and_public_http_without_domain" {
  command = plan
  variables {
    service_name = "a-service-name-that-is-far-too-long-for-dns"
    tiers        = { public_http = true }
  }
  expect_failures = [var.service_name, var.public_domain]
}

run "rejects_prod_without_replicas" {
  command = plan
  variables {
    environment = "prod"
    sizes       = { cache_replicas = 0 }
  }
  expect_failures = [var.sizes]
}
