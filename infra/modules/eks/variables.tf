variable "name" {
  description = "Cluster name (e.g. portal-prod): 3-32 lower-case letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 characters of lower-case letters, digits and hyphens, start with a letter and not end with a hyphen."
  }
}

variable "environment" {
  description = "Environment: dev, staging or prod."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of: dev, staging, prod."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the control plane and node groups (e.g. 1.32)."
  type        = string
  default     = "1.32"
  nullable    = false

  validation {
    condition     = can(regex("^1\\.(2[89]|3[0-9])$", var.kubernetes_version))
    error_message = "kubernetes_version must be a minor version between 1.28 and 1.39, e.g. 1.32."
  }
}

variable "vpc_id" {
  description = "VPC of the cluster."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the control plane ENIs and the nodes (at least 2 AZs)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids must list at least 2 private subnets in different availability zones."
  }
}

variable "endpoint_public_access" {
  description = "Also expose the API server endpoint publicly (restricted to public_access_cidrs). The private endpoint is always on."
  type        = bool
  default     = false
  nullable    = false
}

variable "public_access_cidrs" {
  description = "CIDRs allowed to reach the public API endpoint (only with endpoint_public_access). 0.0.0.0/0 is refused."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for c in var.public_access_cidrs : can(cidrhost(c, 0)) && c != "0.0.0.0/0"])
    error_message = "public_access_cidrs must be IPv4 CIDRs and must not contain 0.0.0.0/0 (list your office/VPN ranges)."
  }

  validation {
    condition     = !var.endpoint_public_access || length(var.public_access_cidrs) > 0
    error_message = "endpoint_public_access = true needs at least one CIDR in public_access_cidrs."
  }
}

variable "secrets_kms_key_arn" {
  description = "KMS key for envelope encryption of Kubernetes secrets."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.secrets_kms_key_arn))
    error_message = "secrets_kms_key_arn must be the ARN of a KMS key (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "logs_kms_key_arn" {
  description = "KMS key of the control-plane log group."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be the ARN of a KMS key (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "cluster_log_types" {
  description = "Control-plane log types sent to CloudWatch Logs."
  type        = list(string)
  default     = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
  nullable    = false

  validation {
    condition     = alltrue([for t in var.cluster_log_types : contains(["api", "audit", "authenticator", "controllerManager", "scheduler"], t)]) && contains(var.cluster_log_types, "audit")
    error_message = "cluster_log_types may contain api, audit, authenticator, controllerManager and scheduler, and must contain audit."
  }
}

variable "log_retention_days" {
  description = "Retention of the control-plane log group in days."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, ...)."
  }
}

variable "node_groups" {
  description = "Managed node groups by name. Sizes: min_size <= desired_size <= max_size; desired_size is owned by the Cluster Autoscaler after creation."
  type = map(object({
    instance_types = list(string)
    capacity_type  = optional(string, "ON_DEMAND")
    ami_type       = optional(string, "AL2023_x86_64_STANDARD")
    min_size       = number
    max_size       = number
    desired_size   = optional(number)
    disk_size_gib  = optional(number, 50)
    labels         = optional(map(string), {})
    taints = optional(list(object({
      key    = string
      value  = optional(string)
      effect = string
    })), [])
  }))
  default = {
    default = { instance_types = ["m6i.large"], min_size = 2, max_size = 6 }
  }
  nullable = false

  validation {
    condition     = length(var.node_groups) > 0 && alltrue([for k, _ in var.node_groups : can(regex("^[a-z][a-z0-9-]{0,30}$", k))])
    error_message = "node_groups needs at least one group; names are lower-case letters, digits and hyphens (at most 31 characters)."
  }

  validation {
    condition = alltrue([
      for g in var.node_groups :
      g.min_size >= 0 && g.max_size >= 1 && g.min_size <= g.max_size &&
      (g.desired_size == null ? true : g.desired_size >= g.min_size && g.desired_size <= g.max_size)
    ])
    error_message = "Every node group needs 0 <= min_size <= desired_size <= max_size and max_size >= 1 (sizes cannot be negative)."
  }

  validation {
    condition     = alltrue([for g in var.node_groups : contains(["ON_DEMAND", "SPOT"], g.capacity_type) && length(g.instance_types) > 0])
    error_message = "capacity_type must be ON_DEMAND or SPOT, and instance_types must not be empty."
  }

  validation {
    condition     = alltrue([for g in var.node_groups : g.disk_size_gib >= 20 && g.disk_size_gib <= 16384])
    error_message = "disk_size_gib must be between 20 and 16384."
  }

  validation {
    condition     = alltrue(flatten([for g in var.node_groups : [for t in g.taints : contains(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"], t.effect)]]))
    error_message = "Taint effects must be NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE."
  }
}

variable "ebs_kms_key_arn" {
  description = "KMS key of the nodes' root volumes. null: the account's default EBS key (volumes are encrypted either way)."
  type        = string
  default     = null

  validation {
    condition     = var.ebs_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.ebs_kms_key_arn))
    error_message = "ebs_kms_key_arn must be the ARN of a KMS key or null."
  }
}

variable "cluster_admin_role_arns" {
  description = "IAM roles (e.g. the platform team's SSO role, the Terraform Cloud run role) given cluster-admin through EKS access entries."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.cluster_admin_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", a))])
    error_message = "Every cluster admin must be an IAM role ARN."
  }
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
  nullable    = false
}
