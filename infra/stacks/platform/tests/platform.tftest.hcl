mock_provider "aws" {
  source = "../../testing/aws"
}

variables {
  environment         = "dev"
  region              = "eu-west-1"
  availability_zones  = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  vpc_cidr            = "10.10.0.0/16"
  acm_certificate_arn = "arn:aws:acm:eu-west-1:111122223333:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
}

run "dev_preset_logs_key_and_no_open_ports" {
  command = plan

  assert {
    condition     = output.security_summary.vpc.nat_gateway_count == 1
    error_message = "dev must have a single NAT gateway."
  }
  assert {
    condition     = output.security_summary.alb.deletion_protection == false
    error_message = "dev ALB must be removable."
  }
  assert {
    condition     = output.security_summary.eks.endpoint_private_access && !output.security_summary.eks.endpoint_public_access
    error_message = "The EKS API must be private by default."
  }
  assert {
    condition = anytrue([
      for s in jsondecode(aws_kms_key.this["logs"].policy).Statement :
      try(s.Principal.Service == "logs.eu-west-1.amazonaws.com" && s.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"] == "arn:aws:logs:eu-west-1:111122223333:log-group:*", false)
    ])
    error_message = "The logs key must let CloudWatch Logs use it for this account's log groups only."
  }
  assert {
    condition     = !anytrue([for s in jsondecode(aws_kms_key.this["data"].policy).Statement : can(s.Principal.Service)])
    error_message = "The data key must not grant any service principal directly."
  }
  assert {
    condition     = alltrue([for r in output.security_summary.alb_ingress_rules : contains([80, 443], r.from_port) && r.from_port == r.to_port])
    error_message = "Only the ALB's 80 and 443 may be reachable from clients."
  }
  assert {
    condition     = !output.security_summary.vpc.database_acl_open_to_world
    error_message = "The database subnets must not be open to 0.0.0.0/0."
  }
}

run "prod_preset" {
  command = plan

  variables {
    environment = "prod"
  }

  assert {
    condition     = output.security_summary.vpc.nat_gateway_count == 3 && !output.security_summary.vpc.single_nat_gateway
    error_message = "prod must have one NAT gateway per AZ."
  }
  assert {
    condition     = output.security_summary.alb.deletion_protection
    error_message = "prod ALB must have deletion protection."
  }
  assert {
    condition     = aws_kms_key.this["data"].deletion_window_in_days == 30
    error_message = "prod KMS keys must have the longest deletion window."
  }
}

run "everything_at_rest_is_encrypted_and_service_tiers_inputs_are_exported" {
  command = apply

  assert {
    condition     = alltrue(values(output.security_summary.kms_rotation))
    error_message = "Every KMS key must rotate."
  }
  assert {
    condition     = output.security_summary.eks.secrets_encryption_key == aws_kms_key.this["eks"].arn && tolist(output.security_summary.eks.encrypted_resources) == tolist(["secrets"])
    error_message = "Kubernetes secrets must be envelope-encrypted with the platform's EKS key."
  }
  assert {
    condition     = output.security_summary.eks.log_group_kms_key == aws_kms_key.this["logs"].arn && output.security_summary.vpc.flow_log_kms_key_id == aws_kms_key.this["logs"].arn
    error_message = "Control-plane logs and flow logs must be encrypted with the logs key."
  }
  assert {
    condition     = output.security_summary.eks.node_volumes_encrypted && output.security_summary.eks.imdsv2_required
    error_message = "Node volumes must be encrypted and IMDSv2 required."
  }
  assert {
    condition     = output.security_summary.alb.access_logs_enabled && output.security_summary.alb.access_logs_sse == "AES256"
    error_message = "ALB access logs must be on, in an encrypted bucket."
  }
  assert {
    condition = alltrue([for v in [
      output.vpc_id, output.eks_oidc_provider_arn, output.eks_oidc_issuer_url, output.data_kms_key_arn,
      output.logs_kms_key_arn, output.alb_https_listener_arn, output.alb_security_group_id, output.alb_dns_name, output.alb_zone_id,
    ] : v != null && v != ""])
    error_message = "Every platform output a service-tiers workspace needs must be set."
  }
  assert {
    condition     = length(output.private_subnet_ids) == 3 && length(output.database_subnet_ids) == 3
    error_message = "Private and database subnets must be exported, one per AZ."
  }
}

run "rejects_unknown_environment_region_and_account" {
  command = plan
  variables {
    environment    = "test"
    region         = "Europe"
    aws_account_id = "12345"
  }
  expect_failures = [var.environment, var.region, var.aws_account_id]
}
