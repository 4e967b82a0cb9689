variable "service_name" {
  description = "Name of the service: a DNS-1123 label of 3-40 characters (lower-case letters, digits, hyphens)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{1,38}[a-z0-9])$", var.service_name))
    error_message = "service_name must be a DNS-1123 label of 3-40 characters: lower-case letters, digits and hyphens, starting with a letter and ending with a letter or digit."
  }
}

variable "environment" {
  description = "Environment of the role: dev, staging or prod."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of: dev, staging, prod."
  }
}

variable "namespace" {
  description = "Kubernetes namespace of the service account that may assume the role. null uses the service name."
  type        = string
  default     = null

  validation {
    condition     = var.namespace == null || can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "namespace must be a DNS-1123 label (lower-case letters, digits, hyphens; at most 63 characters)."
  }
}

variable "service_account_name" {
  description = "Kubernetes service account that may assume the role. null uses the service name."
  type        = string
  default     = null

  validation {
    condition     = var.service_account_name == null || can(regex("^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$", var.service_account_name))
    error_message = "service_account_name must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.')."
  }
}

variable "oidc_provider_arn" {
  description = "ARN of the EKS cluster's IAM OIDC provider (output eks_oidc_provider_arn of the platform stack)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/.+$", var.oidc_provider_arn))
    error_message = "oidc_provider_arn must be an IAM OIDC provider ARN (arn:aws:iam::ACCOUNT:oidc-provider/...)."
  }
}

variable "oidc_issuer_url" {
  description = "Issuer URL of the cluster's OIDC provider, with or without https:// (output eks_oidc_issuer_url of the platform stack)."
  type        = string

  validation {
    condition     = can(regex("^(https://)?[a-z0-9.-]+(/.*)?$", var.oidc_issuer_url))
    error_message = "oidc_issuer_url must be the cluster's OIDC issuer, e.g. https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE."
  }
}

variable "sqs_queue_arns" {
  description = "Queues the service sends to and consumes from (its own queue and dead-letter queue). Empty: no SQS permission at all."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.sqs_queue_arns : can(regex("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]+$", a))])
    error_message = "Every entry of sqs_queue_arns must be an SQS queue ARN."
  }
}

variable "secret_arns" {
  description = "Secrets Manager secrets the service may read (its database credentials, its cache AUTH token). Empty: no Secrets Manager permission."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.secret_arns : can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", a))])
    error_message = "Every entry of secret_arns must be a Secrets Manager secret ARN."
  }
}

variable "kms_key_arns" {
  description = "KMS keys that encrypt the service's queue and secrets; the role may use them only through SQS and Secrets Manager."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.kms_key_arns : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", a))])
    error_message = "Every entry of kms_key_arns must be a KMS key ARN."
  }
}

variable "rds_iam_auth" {
  description = "IAM database authentication: the Aurora cluster's resource ID and the database users the service may log in as. null: no RDS permission."
  type = object({
    cluster_resource_id = string
    db_users            = list(string)
  })
  default = null

  validation {
    condition     = var.rds_iam_auth == null || try(length(var.rds_iam_auth.db_users) > 0 && alltrue([for u in var.rds_iam_auth.db_users : can(regex("^[a-z_][a-z0-9_]{0,62}$", u))]), false)
    error_message = "rds_iam_auth.db_users must list at least one PostgreSQL user name (lower-case letters, digits, underscores)."
  }
}

variable "permissions_boundary_arn" {
  description = "Optional IAM permissions boundary for the role (organisations often require one)."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for the role."
  type        = map(string)
  default     = {}
  nullable    = false
}
