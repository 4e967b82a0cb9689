# Shared mock data for `mock_provider "aws" { source = "../../testing/aws" }` in
# the *.tftest.hcl files. The mocked provider still runs the AWS provider's own
# argument validation, so every ARN that flows from one resource into another
# must look like an ARN; everything else keeps the mock's random values.

mock_data "aws_partition" {
  defaults = {
    partition  = "aws"
    dns_suffix = "amazonaws.com"
  }
}

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "111122223333"
    arn        = "arn:aws:iam::111122223333:role/terraform"
  }
}

mock_data "aws_region" {
  defaults = {
    name = "eu-west-1"
  }
}

mock_data "aws_elb_service_account" {
  defaults = {
    arn = "arn:aws:iam::156460612806:root"
  }
}

mock_data "aws_secretsmanager_random_password" {
  defaults = {
    # ElastiCache insists on 16-128 characters.
    random_password = "MockAuthToken0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-west-1:111122223333:log-group:mock"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::111122223333:role/mock"
  }
}

mock_resource "aws_iam_policy" {
  defaults = {
    arn = "arn:aws:iam::111122223333:policy/mock"
  }
}

mock_resource "aws_iam_openid_connect_provider" {
  defaults = {
    arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/MOCK"
  }
}

mock_resource "aws_eks_cluster" {
  defaults = {
    arn                   = "arn:aws:eks:eu-west-1:111122223333:cluster/mock"
    endpoint              = "https://MOCK.gr7.eu-west-1.eks.amazonaws.com"
    identity              = [{ oidc = [{ issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/MOCK" }] }]
    certificate_authority = [{ data = "bW9jaw==" }]
  }
}

mock_resource "aws_sqs_queue" {
  defaults = {
    arn = "arn:aws:sqs:eu-west-1:111122223333:mock"
    url = "https://sqs.eu-west-1.amazonaws.com/111122223333/mock"
  }
}

mock_resource "aws_secretsmanager_secret" {
  defaults = {
    arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:mock-AbCdEf"
  }
}

mock_resource "aws_rds_cluster" {
  defaults = {
    arn                 = "arn:aws:rds:eu-west-1:111122223333:cluster:mock"
    cluster_resource_id = "cluster-MOCKRESOURCEID"
    endpoint            = "mock.cluster-abc.eu-west-1.rds.amazonaws.com"
    reader_endpoint     = "mock.cluster-ro-abc.eu-west-1.rds.amazonaws.com"
    master_user_secret = [{
      secret_arn    = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!cluster-mock-AbCdEf"
      kms_key_id    = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000"
      secret_status = "active"
    }]
  }
}

mock_resource "aws_db_proxy" {
  defaults = {
    arn      = "arn:aws:rds:eu-west-1:111122223333:db-proxy:prx-mock"
    endpoint = "mock.proxy-abc.eu-west-1.rds.amazonaws.com"
  }
}

mock_resource "aws_elasticache_replication_group" {
  defaults = {
    arn = "arn:aws:elasticache:eu-west-1:111122223333:replicationgroup:mock"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    arn = "arn:aws:s3:::mock-bucket"
  }
}

mock_resource "aws_lb" {
  defaults = {
    arn      = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/mock/0123456789abcdef"
    dns_name = "mock-123456.eu-west-1.elb.amazonaws.com"
    zone_id  = "Z32O12XQLNTSW2"
  }
}

mock_resource "aws_lb_listener" {
  defaults = {
    arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/mock/0123456789abcdef/0123456789abcdef"
  }
}

mock_resource "aws_lb_target_group" {
  defaults = {
    arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/mock/0123456789abcdef"
  }
}

mock_resource "aws_launch_template" {
  defaults = {
    id             = "lt-0123456789abcdef0"
    latest_version = 1
  }
}

mock_resource "aws_db_proxy_default_target_group" {
  defaults = {
    name = "default"
  }
}
