# The platform workspace's outputs of the cluster the portal runs on (see
# infra/README.md: plain input variables, named after those outputs).
variable "region" {
  type = string
}

variable "aws_account_id" {
  type    = string
  default = null
}

variable "environment" {
  description = "The platform environment the portal runs in (usually prod)."
  type        = string
  default     = "prod"
  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "vpc_id" {
  type = string
}

variable "database_subnet_ids" {
  type = list(string)
}

variable "availability_zones" {
  type = list(string)
}

variable "eks_oidc_provider_arn" {
  type = string
}

variable "eks_oidc_issuer_url" {
  type = string
}

variable "data_kms_key_arn" {
  type = string
}

variable "logs_kms_key_arn" {
  type = string
}

variable "namespace" {
  description = "Kubernetes namespace and service account of the chart (deploy/chart, release developer-portal)."
  type        = string
  default     = "developer-portal"
}

variable "allow_destroy" {
  description = "Lift deletion protection (decommissioning only)."
  type        = bool
  default     = false
}

variable "tags" {
  type    = map(string)
  default = {}
}
