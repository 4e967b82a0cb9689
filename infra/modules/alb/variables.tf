variable "name" {
  description = "Name of the load balancer (also the prefix of its security group and log bucket). Lower-case, 3-28 characters."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,26}[a-z0-9]$", var.name))
    error_message = "name must be 3-28 characters of lower-case letters, digits and hyphens, start with a letter and not end with a hyphen."
  }
}

variable "environment" {
  description = "Environment: dev, staging or prod. prod turns on deletion protection and keeps access logs longer."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of: dev, staging, prod."
  }
}

variable "vpc_id" {
  description = "VPC of the load balancer."
  type        = string
}

variable "vpc_cidr_block" {
  description = "CIDR of the VPC: the only destination the ALB may send traffic to (its targets)."
  type        = string

  validation {
    condition     = can(cidrhost(var.vpc_cidr_block, 0))
    error_message = "vpc_cidr_block must be an IPv4 CIDR."
  }
}

variable "public_subnet_ids" {
  description = "Public subnets the ALB spans, one per AZ (at least 2)."
  type        = list(string)

  validation {
    condition     = length(var.public_subnet_ids) >= 2 && length(distinct(var.public_subnet_ids)) == length(var.public_subnet_ids)
    error_message = "public_subnet_ids must list at least 2 distinct subnets (an ALB needs two availability zones)."
  }
}

variable "certificate_arn" {
  description = "ACM certificate of the HTTPS listener (issued in the ALB's region)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)."
  }
}

variable "additional_certificate_arns" {
  description = "More ACM certificates for the HTTPS listener (SNI)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for c in var.additional_certificate_arns : can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+$", c))])
    error_message = "Every additional certificate must be an ACM certificate ARN."
  }
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener. Only TLS 1.2+ policies are accepted."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  nullable    = false

  validation {
    condition     = can(regex("^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)", var.ssl_policy))
    error_message = "ssl_policy must be a TLS 1.2+ policy (ELBSecurityPolicy-TLS13-1-2-..., ELBSecurityPolicy-TLS13-1-3-..., ELBSecurityPolicy-TLS-1-2-... or ELBSecurityPolicy-FS-1-2-...)."
  }
}

variable "ingress_cidr_blocks" {
  description = "Client CIDRs allowed to reach ports 80 and 443 (the internet by default: it is a public ALB)."
  type        = list(string)
  default     = ["0.0.0.0/0"]
  nullable    = false

  validation {
    condition     = length(var.ingress_cidr_blocks) > 0 && alltrue([for c in var.ingress_cidr_blocks : can(cidrhost(c, 0))])
    error_message = "ingress_cidr_blocks must be a non-empty list of IPv4 CIDRs."
  }
}

variable "deletion_protection" {
  description = "Deletion protection of the ALB. null applies the environment preset (on in prod)."
  type        = bool
  default     = null
}

variable "idle_timeout" {
  description = "Idle timeout of client connections in seconds (1-4000)."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.idle_timeout >= 1 && var.idle_timeout <= 4000
    error_message = "idle_timeout must be between 1 and 4000 seconds."
  }
}

variable "access_log_retention_days" {
  description = "Days access logs are kept. null applies the environment preset (400 in prod, 30 elsewhere)."
  type        = number
  default     = null

  validation {
    condition     = var.access_log_retention_days == null || try(var.access_log_retention_days >= 1, false)
    error_message = "access_log_retention_days must be at least 1."
  }
}

variable "elb_account_principal" {
  description = "Also grant the regional Elastic Load Balancing account write access to the log bucket (needed in regions opened before August 2022; turn off in newer regions, where only the log delivery service principal exists)."
  type        = bool
  default     = true
  nullable    = false
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
  nullable    = false
}
