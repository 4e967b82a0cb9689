# Credentials come from the Terraform Cloud workspace's dynamic provider
# credentials (TFC_AWS_PROVIDER_AUTH / TFC_AWS_RUN_ROLE_ARN), never from variables.
provider "aws" {
  region              = var.region
  allowed_account_ids = var.aws_account_id == null ? null : [var.aws_account_id]

  default_tags {
    tags = local.tags
  }
}
