mock_provider "aws" {
  source = "../../testing/aws"
}

variables {
  name              = "portal-dev"
  environment       = "dev"
  vpc_id            = "vpc-0123456789abcdef0"
  vpc_cidr_block    = "10.20.0.0/16"
  public_subnet_ids = ["subnet-aaaa", "subnet-bbbb", "subnet-cccc"]
  certificate_arn   = "arn:aws:acm:eu-west-1:111122223333:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
}

run "dev_defaults_https_redirect_logs_and_security_group" {
  command = plan

  assert {
    condition     = aws_lb_listener.https.protocol == "HTTPS" && aws_lb_listener.https.port == 443
    error_message = "There must be an HTTPS listener on 443."
  }
  assert {
    condition     = aws_lb_listener.https.certificate_arn == var.certificate_arn
    error_message = "The HTTPS listener must use the ACM certificate."
  }
  assert {
    condition     = startswith(aws_lb_listener.https.ssl_policy, "ELBSecurityPolicy-TLS13")
    error_message = "The default TLS policy must be a TLS 1.3 policy."
  }
  assert {
    condition     = aws_lb_listener.http.port == 80 && aws_lb_listener.http.default_action[0].type == "redirect"
    error_message = "The HTTP listener must redirect."
  }
  assert {
    condition     = aws_lb_listener.http.default_action[0].redirect[0].protocol == "HTTPS" && aws_lb_listener.http.default_action[0].redirect[0].port == "443" && aws_lb_listener.http.default_action[0].redirect[0].status_code == "HTTP_301"
    error_message = "HTTP must be redirected permanently to HTTPS on 443."
  }
  assert {
    condition     = aws_lb.this.access_logs[0].enabled && aws_lb.this.access_logs[0].bucket == aws_s3_bucket.logs.bucket
    error_message = "Access logs must be enabled, into the module's bucket."
  }
  assert {
    condition     = one(aws_s3_bucket_server_side_encryption_configuration.logs.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "AES256"
    error_message = "The log bucket must be encrypted (SSE-S3, the only option ALB log delivery supports)."
  }
  assert {
    condition     = aws_s3_bucket_public_access_block.logs.block_public_acls && aws_s3_bucket_public_access_block.logs.block_public_policy && aws_s3_bucket_public_access_block.logs.ignore_public_acls && aws_s3_bucket_public_access_block.logs.restrict_public_buckets
    error_message = "The log bucket must block all public access."
  }
  assert {
    condition     = contains([for s in jsondecode(aws_s3_bucket_policy.logs.policy).Statement : s.Sid], "DenyInsecureTransport")
    error_message = "The log bucket must refuse requests without TLS."
  }
  assert {
    condition     = aws_lb.this.drop_invalid_header_fields
    error_message = "The ALB must drop invalid HTTP headers."
  }
  assert {
    condition     = alltrue([for r in aws_vpc_security_group_ingress_rule.listeners : contains([80, 443], r.from_port) && r.from_port == r.to_port])
    error_message = "Only ports 80 and 443 may be open on the ALB."
  }
  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.listeners) == 2
    error_message = "One rule per listener port and client CIDR expected."
  }
  assert {
    condition     = aws_vpc_security_group_egress_rule.targets.cidr_ipv4 == var.vpc_cidr_block
    error_message = "The ALB may only send traffic into its VPC."
  }
  assert {
    condition     = aws_lb.this.enable_deletion_protection == false && aws_s3_bucket.logs.force_destroy
    error_message = "dev: no deletion protection, log bucket removable."
  }
}

run "prod_preset_protects_the_alb" {
  command = plan

  variables {
    environment = "prod"
  }

  assert {
    condition     = aws_lb.this.enable_deletion_protection && !aws_s3_bucket.logs.force_destroy
    error_message = "prod: the ALB must have deletion protection and the log bucket must not be force-destroyed."
  }
  assert {
    condition     = one(aws_s3_bucket_lifecycle_configuration.logs.rule).expiration[0].days == 400
    error_message = "prod keeps access logs 400 days."
  }
}

run "rejects_non_acm_certificate_single_subnet_and_legacy_tls" {
  command = plan
  variables {
    certificate_arn   = "arn:aws:iam::111122223333:server-certificate/legacy"
    public_subnet_ids = ["subnet-aaaa"]
    ssl_policy        = "ELBSecurityPolicy-2016-08"
  }
  expect_failures = [var.certificate_arn, var.public_subnet_ids, var.ssl_policy]
}
