mock_provider "aws" {
  source = "../../testing/aws"
}

variables {
  region                = "eu-west-1"
  vpc_id                = "vpc-0123456789abcdef0"
  database_subnet_ids   = ["subnet-db-a", "subnet-db-b", "subnet-db-c"]
  availability_zones    = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  eks_oidc_provider_arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123"
  eks_oidc_issuer_url   = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC123"
  data_kms_key_arn      = "arn:aws:kms:eu-west-1:111122223333:key/33333333-3333-3333-3333-333333333333"
  logs_kms_key_arn      = "arn:aws:kms:eu-west-1:111122223333:key/22222222-2222-2222-2222-222222222222"
}

run "prod_database_and_cache_survive_an_az" {
  command = plan

  assert {
    condition     = output.summary.database.multi_az && output.summary.database.deletion_protection && output.summary.database.storage_encrypted
    error_message = "prod: an encrypted, protected database with a reader in another AZ."
  }
  assert {
    condition     = output.summary.database.manage_master_user_password && !output.summary.database.master_password_in_config
    error_message = "The database password lives in Secrets Manager, never in the configuration."
  }
  assert {
    condition     = output.summary.cache.multi_az && output.summary.cache.automatic_failover && output.summary.cache.transit_encryption && output.summary.cache.at_rest_encryption
    error_message = "prod: a TLS-only, encrypted Redis with failover."
  }
}

run "only_the_portal_pods_reach_the_database_and_cache" {
  command = plan

  assert {
    condition     = length(module.database.ingress_rules) > 0 && alltrue([for r in module.database.ingress_rules : r.cidr_ipv4 == null && r.cidr_ipv6 == null])
    error_message = "The database admits security groups only, no CIDR."
  }
  assert {
    condition     = length(module.cache.ingress_rules) > 0 && alltrue([for r in module.cache.ingress_rules : r.cidr_ipv4 == null && r.cidr_ipv6 == null])
    error_message = "The cache admits security groups only, no CIDR."
  }
}

run "the_irsa_role_is_the_chart_service_account_only" {
  command = plan

  assert {
    condition     = strcontains(aws_iam_role.portal.assume_role_policy, "system:serviceaccount:developer-portal:developer-portal")
    error_message = "The role trusts the chart's service account only."
  }
  assert {
    condition     = !strcontains(aws_iam_role_policy.portal.policy, "\"cloudformation:*\"")
    error_message = "No CloudFormation wildcard action."
  }
}

run "dev_is_small_and_deletable" {
  command = plan

  variables {
    environment = "dev"
  }

  assert {
    condition     = !output.summary.database.deletion_protection && output.summary.database.instance_count == 1 && output.summary.cache.replicas == 0
    error_message = "dev: one database instance, no replica, no deletion protection."
  }
}
