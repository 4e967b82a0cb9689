mock_provider "aws" {
  source = "../../testing/aws"
}

variables {
  service_name      = "checkout"
  environment       = "prod"
  oidc_provider_arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123"
  oidc_issuer_url   = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC123"
}

run "trust_limited_to_the_service_account_and_no_tiers_no_permissions" {
  command = plan

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal.Federated == var.oidc_provider_arn
    error_message = "Only the cluster's OIDC provider may be trusted."
  }
  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.StringEquals["oidc.eks.eu-west-1.amazonaws.com/id/ABC123:sub"] == "system:serviceaccount:checkout:checkout"
    error_message = "Only the service's own service account (namespace/name = service) may assume the role."
  }
  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.StringEquals["oidc.eks.eu-west-1.amazonaws.com/id/ABC123:aud"] == "sts.amazonaws.com"
    error_message = "The token audience must be sts.amazonaws.com."
  }
  assert {
    condition     = length(aws_iam_role_policy.this) == 0 && length(output.granted_actions) == 0
    error_message = "A service that uses no tier must get no policy at all."
  }
}

run "queue_only_service_gets_only_its_queue" {
  command = plan

  variables {
    sqs_queue_arns = ["arn:aws:sqs:eu-west-1:111122223333:checkout", "arn:aws:sqs:eu-west-1:111122223333:checkout-dlq"]
  }

  assert {
    condition     = output.statement_ids == tolist(["ServiceQueues"])
    error_message = "A queue-only service must get exactly one statement, for its queues."
  }
  assert {
    condition     = alltrue([for a in output.granted_actions : startswith(a, "sqs:")])
    error_message = "A queue-only service must get SQS actions only."
  }
  assert {
    condition     = tolist(jsondecode(output.policy_json).Statement[0].Resource) == var.sqs_queue_arns
    error_message = "SQS permissions must be scoped to the service's own queues, not '*'."
  }
  assert {
    condition     = !strcontains(output.policy_json, "\"*\"") && !strcontains(output.policy_json, "sqs:*")
    error_message = "No wildcard resource or action may appear in the policy."
  }
}

run "database_and_cache_service" {
  command = plan

  variables {
    secret_arns  = ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!cluster-abc-XyZ123"]
    kms_key_arns = ["arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
    rds_iam_auth = { cluster_resource_id = "cluster-ABCDEFGHIJ", db_users = ["checkout"] }
  }

  assert {
    condition     = output.statement_ids == tolist(["ServiceSecrets", "ServiceKeysViaServices", "DatabaseIamAuth"])
    error_message = "Secrets, KMS and RDS statements expected, and no SQS statement."
  }
  assert {
    condition     = !anytrue([for a in output.granted_actions : startswith(a, "sqs:")])
    error_message = "A service without a queue must get no SQS permission."
  }
  assert {
    condition     = tolist(jsondecode(output.policy_json).Statement[2].Resource) == tolist(["arn:aws:rds-db:eu-west-1:111122223333:dbuser:cluster-ABCDEFGHIJ/checkout"])
    error_message = "rds-db:connect must be scoped to the cluster and the service's database user."
  }
  assert {
    condition     = tolist(jsondecode(output.policy_json).Statement[1].Condition.StringEquals["kms:ViaService"]) == tolist(["sqs.eu-west-1.amazonaws.com", "secretsmanager.eu-west-1.amazonaws.com"])
    error_message = "KMS use must be limited to calls made through SQS and Secrets Manager."
  }
  assert {
    condition     = !strcontains(output.policy_json, "\"Condition\":null")
    error_message = "Statements without a condition must not carry a null Condition."
  }
}

run "custom_namespace_and_service_account" {
  command = plan

  variables {
    namespace            = "payments"
    service_account_name = "checkout-api"
  }

  assert {
    condition     = output.service_account == { namespace = "payments", name = "checkout-api" }
    error_message = "namespace and service_account_name must be honoured."
  }
}

run "rejects_invalid_name_wildcard_queue_and_unknown_environment" {
  command = plan
  variables {
    service_name   = "Checkout_Service"
    sqs_queue_arns = ["*"]
    environment    = "production"
  }
  expect_failures = [var.service_name, var.sqs_queue_arns, var.environment]
}

run "rejects_too_short_service_name" {
  command = plan
  variables {
    service_name = "ab"
  }
  expect_failures = [var.service_name]
}
