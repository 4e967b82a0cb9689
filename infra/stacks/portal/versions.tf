terraform {
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # No backend block: a Terraform Cloud workspace that runs this stack supplies
  # its own state backend (see infra/README.md). For CLI-driven runs add a
  # `cloud {}` block locally, or pass -backend-config.
}
